import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli';
import {
  assertBuilt,
  freePort,
  killStartedServices,
  postgresProcessesFor,
  startService,
  waitReady,
} from './support/processes';

/**
 * The embedded default, exercised the way a user meets it: the built service started with no
 * DATABASE_URL, on a data directory of its own.
 */
describe('the embedded default database', () => {
  let root: string;
  let dataDir: string;
  let env: Record<string, string>;
  let httpPort: number;

  beforeAll(async () => {
    assertBuilt();
    root = mkdtempSync(join(tmpdir(), 'pre-embedded-'));
    chmodSync(root, 0o755); // PostgreSQL runs as the postgres user when we are root
    dataDir = join(root, 'pg');
    httpPort = await freePort();
    env = { PORT: String(httpPort), EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
  });

  afterEach(() => killStartedServices());
  afterAll(() => {
    for (const pid of postgresProcessesFor(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('starts on an empty directory, and SIGTERM leaves no postgres behind', async () => {
    const app = startService(env);
    await waitReady(httpPort, app);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('restarts on the existing directory', async () => {
    const app = startService(env);
    await waitReady(httpPort, app);
    expect(app.output()).not.toContain('initialising a new PostgreSQL data directory');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('starts cleanly after the previous process was killed with SIGKILL', async () => {
    const killed = startService(env);
    await waitReady(httpPort, killed);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const orphans = postgresProcessesFor(dataDir);
    expect(orphans.length).toBeGreaterThan(0); // the postmaster outlived its parent

    const app = startService(env);
    await waitReady(httpPort, app);
    expect(app.output()).toContain('stopping orphaned postmaster');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('refuses a data directory held by another running instance, with a clear error', async () => {
    const first = startService(env);
    await waitReady(httpPort, first);

    const second = startService({ ...env, PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Another instance \(pid \d+\) is running the embedded PostgreSQL/);
    await waitReady(httpPort, first, 2_000); // the first one is unharmed

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('lets the CLI work beside the running service, on its database, and leaves the service running', async () => {
    const app = startService(env);
    await waitReady(httpPort, app);

    const email = 'beside.the.service@example.gov';
    const password = 'a-password-long-enough-to-pass';
    const created = await runCli(
      ['users:create', '--email', email, '--roles', 'project_owner', '--password-stdin'],
      '', // no DATABASE_URL: the embedded default
      `${password}\n`,
      env,
    );
    expect(created).toMatchObject({ code: 0 }); // on failure, the received object shows the CLI's stderr

    // The user the CLI made signs in to the service: one database.
    const login = await fetch(`http://127.0.0.1:${httpPort}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    await waitReady(httpPort, app, 2_000);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });

  it('refuses a port that is taken, with a clear error', async () => {
    const other = startService(env);
    await waitReady(httpPort, other);

    const elsewhere = join(root, 'other');
    const clash = startService({ ...env, PORT: String(await freePort()), EMBEDDED_PG_DIR: elsewhere });
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toContain(`Port ${env.EMBEDDED_PG_PORT} is already in use`);

    other.child.kill('SIGTERM');
    expect(await other.exited).toBe(0);
  });

  it('stops at once on a malformed variable, naming it', async () => {
    const app = startService({ ...env, PORT: 'eighty' });
    expect(await app.exited).toBe(78);
    expect(app.output()).toContain('PORT="eighty": must be a whole number');
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });
});
