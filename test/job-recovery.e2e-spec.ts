import type { INestApplication } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { JobLeases, LEASE_LOCK_SPACE } from '../src/jobs/job-leases';
import { JobQueue, PG_BOSS_SCHEMA } from '../src/jobs/job-queue.service';
import { FreshDatabase } from './support/fresh-database';
import { bootTestApp } from './support/test-app';

/**
 * A job taken by a worker that then dies (its process killed, or its connection cut) is retried within
 * seconds, not when pg-boss expires it 15 minutes later; one whose worker is alive is left alone. The
 * other worker here is a second pg-boss client with its own lease, as another instance would have.
 */
describe('jobs held by a worker that is gone', () => {
  const database = new FreshDatabase();
  let url: string;
  let app: INestApplication;
  let jobs: JobQueue;
  let other: PgBoss;
  let admin: Client;

  beforeAll(async () => {
    url = await database.create();
    app = await bootTestApp({}, url);
    jobs = app.get(JobQueue);
    other = new PgBoss({ connectionString: url, schema: PG_BOSS_SCHEMA, supervise: false, schedule: false });
    await other.start();
    admin = new Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await other?.stop({ graceful: false, wait: true });
    await admin?.end();
    await app?.close();
    await database.drop();
  });

  const stateOf = async (queue: string, id: string) => (await jobs.boss.getJobById(queue, id))?.state;

  /** The other instance takes the job and its lease, as its worker would. */
  async function takenElsewhere(queue: string) {
    await jobs.createQueue(queue);
    const id = (await jobs.boss.send(queue, {}))!;
    const [job] = await other.fetch(queue);
    expect(job.id).toBe(id);
    const leases = new JobLeases(url);
    await leases.hold(id);
    return { id, leases };
  }

  async function handledBy(queue: string, timeoutMs: number): Promise<{ handled: string[]; ms: number }> {
    const handled: string[] = [];
    jobs.work(queue, async (_data, id) => {
      handled.push(id);
    });
    const started = Date.now();
    while (handled.length === 0 && Date.now() - started < timeoutMs) await sleep(100);
    return { handled, ms: Date.now() - started };
  }

  it('retries, within seconds, a job whose worker died while it ran', async () => {
    const { id, leases } = await takenElsewhere('test.recovery.dead');
    await leases.close(); // the process is gone, and its connection and locks with it

    const { handled } = await handledBy('test.recovery.dead', 20_000);
    expect(handled).toEqual([id]);
    await sleep(300);
    expect(await stateOf('test.recovery.dead', id)).toBe('completed');
  });

  it('retries a job whose completion could not reach the database (a cut connection, no crash)', async () => {
    const { id, leases } = await takenElsewhere('test.recovery.cut');
    try {
      await leases.release(id); // the worker moved on; the job is still active

      const { handled } = await handledBy('test.recovery.cut', 20_000);
      expect(handled).toEqual([id]);
    } finally {
      await leases.close();
    }
  });

  it('takes its leases again when its lease connection is cut while it works', async () => {
    const { id, leases } = await takenElsewhere('test.recovery.relock');
    const lockable = async () => {
      const { rows } = await admin.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [
        LEASE_LOCK_SPACE,
        id,
      ]);
      if (rows[0].free) await admin.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_LOCK_SPACE, id]);
      return rows[0].free as boolean;
    };
    try {
      expect(await lockable()).toBe(false);
      const cut = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'job-leases' AND pid <> pg_backend_pid()`,
      );
      expect(cut.rowCount).toBeGreaterThan(0);
      let free = true;
      for (let i = 0; i < 50 && free; i++) {
        await sleep(100);
        free = await lockable();
      }
      expect(free).toBe(false);
    } finally {
      await leases.close();
    }
  });

  it('leaves alone a job whose worker is alive, however long it runs', async () => {
    const { id, leases } = await takenElsewhere('test.recovery.alive');
    try {
      // Past the grace and several sweeps, on an instance that works this queue.
      const { handled } = await handledBy('test.recovery.alive', 10_000);
      expect(handled).toEqual([]);
      expect(await stateOf('test.recovery.alive', id)).toBe('active');
    } finally {
      await leases.close();
    }
  });
});
