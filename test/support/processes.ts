import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// From the sources (jest) the root is the repository; from dist/ (the reliability runner) it is dist/.
const ROOT = resolve(__dirname, '../..');
export const MAIN_JS = existsSync(join(ROOT, 'src/main.js'))
  ? join(ROOT, 'src/main.js')
  : join(ROOT, 'dist/src/main.js');

export function assertBuilt(): void {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first (npm test does).`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface RunningApp {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const started = new Set<ChildProcess>();

/** Kills every service this file started that is still running; for afterEach, so a failed test leaves none. */
export function killStartedServices(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

/**
 * Starts the built service (`node dist/src/main.js`) as `npm start` would, with the given environment.
 * `detached` makes it lead a process group of its own, to be killed as a whole.
 */
export function startService(env: Record<string, string>, options: { detached?: boolean } = {}): RunningApp {
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached,
  });
  started.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

/** Polls /health/ready until it answers 200; returns the milliseconds it took. */
export async function waitReady(port: number, app: RunningApp, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (app.child.exitCode !== null) throw new Error(`the service exited early:\n${app.output()}`);
    const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${app.output()}`);
}

/** Pids of postgres processes whose command line names this data directory. */
export function postgresProcessesFor(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return cmdline[0].endsWith('/postgres') && cmdline.includes(dataDir);
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}
