import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { Client } from 'pg';
import { freePort } from '../test/support/processes';

/** Benchmarks measure and print; they never fail a build. Shared helpers for bench/*.ts. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The server to measure on: BENCH_DATABASE_URL, else DATABASE_URL, else the machine's PostgreSQL. */
export function serverUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** A fresh database on that server, dropped by the returned function. */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  const name = `${prefix}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Starts the built service against a database and waits until it is ready. */
export async function startService(
  env: Record<string, string>,
): Promise<{ port: number; stop: () => Promise<void>; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Up to three minutes: on a loaded machine the migrations of a fresh database alone took more than thirty seconds.
  for (let i = 0; i < 1800; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    child,
    stop: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

/** pgbench from PATH or from the Debian PostgreSQL packages. */
export function pgbenchPath(): string | undefined {
  try {
    return execFileSync('which', ['pgbench'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    const base = '/usr/lib/postgresql';
    const versions = existsSync(base) ? readdirSync(base).sort() : [];
    const found = versions
      .map((v) => `${base}/${v}/bin/pgbench`)
      .reverse()
      .find((p) => existsSync(p));
    return found;
  }
}

/** TPC-B-like tps with this many clients, on its own database; undefined when pgbench is not installed. */
export async function pgbenchTps(clients: number, seconds: number): Promise<number | undefined> {
  const pgbench = pgbenchPath();
  if (!pgbench) return undefined;
  const db = await freshDatabase('bench_pgbench');
  try {
    execFileSync(pgbench, ['-i', '-q', '-s', '10', db.url], { stdio: 'ignore' });
    const out = execFileSync(
      pgbench,
      ['-c', String(clients), '-j', String(Math.min(clients, 4)), '-T', String(seconds), db.url],
      { encoding: 'utf8' },
    );
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+)/.exec(out);
    return match ? Number(match[1]) : undefined;
  } finally {
    await db.drop();
  }
}
