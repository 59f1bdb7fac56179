import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { JobQueue } from '../src/jobs/job-queue.service';
import { FreshDatabase } from './support/fresh-database';
import { bootTestApp } from './support/test-app';

const QUEUE = 'test.shutdown';

/** On a database of its own, so that only this app's workers take its jobs. */
describe('job workers', () => {
  const database = new FreshDatabase();
  let blocker: Client | undefined;
  afterAll(async () => {
    await blocker?.end();
    await database.drop();
  });

  it('finish a job fetched while the app shuts down, rather than leave it active until it expires', async () => {
    const url = await database.create();
    const app = await bootTestApp({}, url);
    const jobs = app.get(JobQueue);
    await jobs.createQueue(QUEUE);
    const handled: string[] = [];
    jobs.work(QUEUE, async (_data, id) => {
      handled.push(id);
    });

    // Hold the job table: every worker's next fetch waits on the lock, and the job is inserted under it.
    const lock = (blocker = new Client({ connectionString: url }));
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE pgboss.job IN ACCESS EXCLUSIVE MODE');
    const jobId = await jobs.boss.send(QUEUE, {}, { db: { executeSql: (text, values) => lock.query(text, values) } });
    // Three polling intervals (0.5 s in tests): every worker, this queue's included, is now waiting to fetch.
    await sleep(1500);
    const waiting = await lock.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    expect(waiting.rows[0].n).toBeGreaterThan(0);

    // The app stops while fetches are in flight; they return the job only after shutdown has begun.
    const closing = app.close();
    await sleep(500);
    await lock.query('COMMIT');
    await closing;

    const { rows } = await lock.query('SELECT state FROM pgboss.job WHERE id = $1', [jobId]);
    expect(rows).toEqual([{ state: 'completed' }]);
    expect(handled).toEqual([jobId]);
  });
});
