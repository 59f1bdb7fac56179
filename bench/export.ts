import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { decisionRowsQuery } from '../src/records/exports/decision-rows';
import { freshDatabase, startService } from './support';

/**
 * Records export speed and memory. Seeds 100k decided assessments straight into the database (the
 * workflow is not what is measured), then, through the running service:
 * - rows/s of GET /records/decisions.jsonl and .csv for all 100k rows (best of 3);
 * - in the same run, psql's \copy of the same query to stdout (best of 3), the floor for the database's own cost;
 * - the service's peak RSS over an export of 10k rows and, after a restart, of 100k rows.
 * Targets: >= 0.5x psql's rate; RSS at 100k within 1.2x of RSS at 10k. Prints figures; never fails.
 */
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const SMALL = Math.min(10_000, ROWS);
const RUNS = 3;
const ADMIN = { email: 'bench.admin@example.gov', password: 'bench-admin-passphrase-2026' };
const DAY0 = '2020-01-01';

async function seed(url: string, rows: number): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    // One decision a minute from DAY0, so a date filter selects the first N.
    await db.query(`
      INSERT INTO signing_keys (kid, purpose, public_jwk) VALUES ('bench-manifest', 'manifest', '{}'), ('bench-document', 'document', '{}');
      INSERT INTO users (id, email, display_name, password_hash) VALUES ('00000000-0000-4000-8000-00000000b0b0', 'bench.owner@example.gov', 'Bench Owner', 'x');
      INSERT INTO assessments (id, ref, title, department, owner_id, questionnaire_id, questionnaire_version, state, version, answers, machine_version, snapshot, created_at, updated_at)
        SELECT md5('a' || i)::uuid, 'PIA-2020-' || lpad(i::text, 6, '0'), 'Bench assessment ' || i, 'Dept ' || (i % 20), '00000000-0000-4000-8000-00000000b0b0',
               'city-pia', 1, 'approved', 7, '{}', 'v1', '{}', timestamptz '${DAY0}' + (i || ' minutes')::interval, now()
          FROM generate_series(1, ${rows}) i;
      INSERT INTO assessment_events (assessment_id, seq, type, from_state, to_state, payload, machine_version, at, prev_hash, hash)
        SELECT md5('a' || i)::uuid, 1, 'APPROVE', 'approval', 'approved', '{}', 'v1', timestamptz '${DAY0}' + (i || ' minutes')::interval, repeat('0', 64), encode(sha256(('e' || i)::bytea), 'hex')
          FROM generate_series(1, ${rows}) i;
      INSERT INTO decisions (id, assessment_id, event_id, cycle, outcome, reasons, decided_at, status, retention_class, disposition_date)
        SELECT md5('d' || i)::uuid, e.assessment_id, e.id, 1, 'approved', CASE WHEN i % 10 = 0 THEN '=cmd|'' /C calc''!A0' END, e.at, 'issued', 'Bench class', (e.at + interval '6 years')::date
          FROM assessment_events e JOIN generate_series(1, ${rows}) i ON e.assessment_id = md5('a' || i)::uuid;
      INSERT INTO decision_documents (decision_id, version, template_id, template_version, pdf, pdf_sha256, html, html_sha256, manifest_jws, manifest_kid, certificate_kid, last_event_hash)
        SELECT md5('d' || i)::uuid, 1, 'decision', 1, '\\x00', encode(sha256(('p' || i)::bytea), 'hex'), '<p>', encode(sha256(('h' || i)::bytea), 'hex'), 'x.y.z', 'bench-manifest', 'bench-document', repeat('0', 64)
          FROM generate_series(1, ${rows}) i;
      ANALYZE;`);
  } finally {
    await db.end();
  }
}

/** The export query with its parameters written in, for psql's \\copy (one line). */
function copySql(): string {
  const { sql, params } = decisionRowsQuery({});
  const states = (params[0] as string[]).map((s) => `'${s}'`).join(',');
  return sql.replace('$1', `ARRAY[${states}]`).replace(/\s+/g, ' ').trim();
}

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * Fetches an export, counting lines, while sampling the service's RSS every 10 ms: its peak over the
 * export (VmHWM would also hold start-up's peak, such as argon2's 64 MiB for the first admin).
 */
async function timedExport(
  port: number,
  pid: number,
  token: string,
  path: string,
): Promise<{ rows: number; seconds: number; peakRss: number }> {
  let peakRss = rssMiB(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(pid))), 10);
  try {
    return { ...(await fetchLines(port, token, path)), peakRss };
  } finally {
    clearInterval(sampler);
  }
}

async function fetchLines(port: number, token: string, path: string): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`${path} → ${res.status}`);
  let newlines = 0;
  for await (const chunk of res.body) for (const byte of chunk as Uint8Array) if (byte === 10) newlines++;
  return { rows: newlines, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const database = await freshDatabase('bench_export');
  const env = {
    DATABASE_URL: database.url,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JOB_WORKERS: 'false',
  };
  try {
    let service = await startService(env); // runs the migrations
    const t = performance.now();
    await seed(database.url, ROWS);
    console.log(`seeded ${ROWS} decided assessments in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const login = async () =>
      (
        (await (
          await fetch(`http://127.0.0.1:${service.port}/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(ADMIN),
          })
        ).json()) as { accessToken: string }
      ).accessToken;

    // RSS over a 10k-row export, in a fresh process.
    const smallTo = new Date(Date.parse(`${DAY0}T00:00:00Z`) + (SMALL - 1) * 60_000).toISOString().slice(0, 10);
    let token = await login();
    const baseline = rssMiB(service.child.pid!);
    const small = await timedExport(service.port, service.child.pid!, token, `/records/decisions.jsonl?to=${smallTo}`);
    await service.stop();

    // RSS over the full export, in another fresh process; then the rates.
    service = await startService(env);
    token = await login();
    const jsonl = await timedExport(service.port, service.child.pid!, token, '/records/decisions.jsonl');
    // Rates are the best of RUNS for each side, the engine's and psql's alike, to damp this machine's noise.
    for (let i = 1; i < RUNS; i++)
      jsonl.seconds = Math.min(
        jsonl.seconds,
        (await fetchLines(service.port, token, '/records/decisions.jsonl')).seconds,
      );
    const csv = await fetchLines(service.port, token, '/records/decisions.csv');
    for (let i = 1; i < RUNS; i++)
      csv.seconds = Math.min(csv.seconds, (await fetchLines(service.port, token, '/records/decisions.csv')).seconds);
    await service.stop();

    let psqlSeconds = Infinity;
    let psqlRows = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const copied = execFileSync('psql', [database.url, '-qAt', '-c', `\\copy (${copySql()}) to stdout`], {
        maxBuffer: 1 << 30,
      });
      psqlSeconds = Math.min(psqlSeconds, (performance.now() - started) / 1000);
      psqlRows = copied.toString().split('\n').filter(Boolean).length;
    }

    const rate = (rows: number, seconds: number) => rows / seconds;
    const psqlRate = rate(psqlRows, psqlSeconds);
    console.log(`psql \\copy: ${psqlRows} rows in ${psqlSeconds.toFixed(2)} s = ${psqlRate.toFixed(0)} rows/s`);
    console.log(
      `JSONL:      ${jsonl.rows} rows in ${jsonl.seconds.toFixed(2)} s = ${rate(jsonl.rows, jsonl.seconds).toFixed(0)} rows/s (${(rate(jsonl.rows, jsonl.seconds) / psqlRate).toFixed(2)}x psql; target >= 0.5x)`,
    );
    console.log(
      `CSV:        ${csv.rows - 1} rows in ${csv.seconds.toFixed(2)} s = ${rate(csv.rows - 1, csv.seconds).toFixed(0)} rows/s (${(rate(csv.rows - 1, csv.seconds) / psqlRate).toFixed(2)}x psql; target >= 0.5x)`,
    );
    console.log(
      `peak RSS:   ${small.peakRss.toFixed(0)} MiB over ${small.rows} rows; ${jsonl.peakRss.toFixed(0)} MiB over ${jsonl.rows} rows (${(jsonl.peakRss / small.peakRss).toFixed(2)}x; target <= 1.2x); ${baseline.toFixed(0)} MiB before any export`,
    );
  } finally {
    await database.drop();
  }
}

void main();
