import { assertBuilt } from '../support/processes';
import { createRunDatabase, type RunDatabase } from './database';
import { runFuzz } from './fuzz';
import { crash, droppedConnections, type Row, sigterm, twoInstances } from './scenarios';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type Instance, Services } from './services';
import { createPeople } from './workload';

/**
 * `npm run test:reliability [-- --short]`: the built service, as separate processes on a fresh database,
 * through crashes, a second instance, cut database connections, a fuzzer and SIGTERM. Prints one row per
 * scenario and exits non-zero if any fails. `--short` (one crash, 2,000 fuzz requests) runs in npm test.
 */

const short = process.argv.includes('--short');
const plan = short
  ? { crashes: 1, fuzzRequests: 2_000, contested: 4, budgetMs: 6 * 60_000 }
  : { crashes: 3, fuzzRequests: 10_000, contested: 8, budgetMs: 25 * 60_000 };
const log = (line: string) => process.stderr.write(`[reliability] ${line}\n`);
const FUZZ_SEED = 12;

async function fuzzRow(instance: Instance): Promise<Row> {
  const result = await runFuzz({
    baseUrl: instance.baseUrl,
    adminEmail: ADMIN_EMAIL,
    adminPassword: ADMIN_PASSWORD,
    requests: plan.fuzzRequests,
    seed: FUZZ_SEED,
    log,
  });
  const statuses = Object.entries(result.statusCounts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${n}×${status}`)
    .join(', ');
  const first = result.serverErrors[0];
  return {
    name: 'R3 fuzz',
    ok: result.serverErrors.length === 0 && result.sent >= plan.fuzzRequests,
    figures:
      `${result.sent} requests (seed ${FUZZ_SEED}): ${statuses}; ${result.serverErrors.length} answers ≥ 500` +
      (first ? ` (first: ${first.method} ${first.path} → ${first.status})` : ''),
  };
}

async function scenarios(db: RunDatabase, services: Services, rows: Row[]): Promise<void> {
  const step = async (what: string, run: () => Promise<Row>) => {
    log(`${what}…`);
    const started = Date.now();
    const row = await run().catch((error: unknown): Row => ({
      name: what,
      ok: false,
      figures: `ERROR: ${error instanceof Error ? error.message : String(error)}`,
    }));
    rows.push({ ...row, figures: `${row.figures} [${((Date.now() - started) / 1000).toFixed(0)} s]` });
  };

  let instance = await services.start();
  const people = await createPeople(instance.baseUrl);
  for (let round = 1; round <= plan.crashes; round++)
    await step(`R2 crash ${round}`, async () => {
      const result = await crash(services, instance, db, people, round);
      instance = result.instance;
      return result.row;
    });
  await step('R6 two instances', () => twoInstances(services, instance, people, plan.contested));
  await step('R7 dropped connections', () => droppedConnections(instance, db, people));
  await step('R3 fuzz', () => fuzzRow(instance));
  await step('SIGTERM under keep-alive load', () => sigterm(instance, people));
}

function print(rows: Row[]): void {
  const width = Math.max(...rows.map((row) => row.name.length));
  const lines = [
    `reliability (${short ? 'short' : 'full'})`,
    ...rows.map((row) => `${row.name.padEnd(width)}  ${row.ok ? 'pass' : 'FAIL'}  ${row.figures}`),
    `${rows.filter((row) => row.ok).length} of ${rows.length} scenarios passed`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<number> {
  assertBuilt();
  const rows: Row[] = [];
  const db = await createRunDatabase(log);
  const services = new Services(db.url);
  // The services lead process groups of their own, so a signal to the runner does not reach them: they
  // are killed on every way out, the budget's end and an interrupted run included.
  process.on('exit', () => services.dispose());
  const abandon = (reason: string, code: number) => {
    rows.push({ name: 'run', ok: false, figures: reason });
    print(rows);
    services.dispose();
    void db.dispose().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(() => abandon(`over the time budget of ${plan.budgetMs / 1000} s`, 1), plan.budgetMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abandon(`stopped by ${signal}`, 130));
  try {
    await scenarios(db, services, rows);
  } catch (error) {
    rows.push({ name: 'setup', ok: false, figures: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(watchdog);
    services.dispose();
    await db.dispose();
  }
  print(rows);
  return rows.every((row) => row.ok) ? 0 : 1;
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
