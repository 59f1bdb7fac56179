import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobLeases, LEASE_LOCK_SPACE } from './job-leases';
import { type JobHandler, JobWorker } from './job-worker';

export const PG_BOSS_SCHEMA = 'pgboss';

/** A job's worker locks its lease within moments of the fetch; one still unleased after this is orphaned. */
const LEASE_GRACE_SECONDS = 5;
const SWEEP_SECONDS = 2;

/**
 * pg-boss on the application's own PostgreSQL, in its own schema. Features create their queues and
 * register handlers at bootstrap; handlers must be idempotent (a job may run again after a crash).
 * Workers start only with `startWorkers()`, which main.ts calls once the port is bound: an instance
 * that cannot listen exits without having taken a job.
 *
 * A job whose worker died (killed, or its connection cut) would stay `active` until pg-boss expired it,
 * 15 minutes later. Of the ways to notice sooner, leases were chosen: a short expiry with a heartbeat
 * must outlast the longest job (a package build takes minutes) and writes every few seconds per job,
 * and a sweeper of stale decisions knows one feature only. A lease is a PostgreSQL advisory lock that
 * the server drops with the dead process or connection, so the sweep below retries exactly the jobs
 * nobody holds, seconds after, on any instance; the expiry stays as the last resort.
 */
@Injectable()
export class JobQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  readonly boss: PgBoss;
  private readonly workers: JobWorker<object>[] = [];
  private readonly leases: JobLeases;
  private working = false;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    readonly config: AppConfig,
    private readonly db: DataSource,
    databaseUrl: string,
  ) {
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: PG_BOSS_SCHEMA,
      max: 4,
      supervise: config.jobs.workers,
      schedule: config.jobs.workers,
    });
    // Not the error itself: pg attaches its client (pool, connection parameters) to a lost connection's error.
    this.boss.on('error', (error: Error & { code?: string }) =>
      this.logger.error({ err: { type: error.name, message: error.message, code: error.code } }, 'job queue error'),
    );
    this.leases = new JobLeases(databaseUrl);
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.sweeping;
    // Let the jobs in hand finish first: they use the app's DataSource, which closes after this.
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.leases.close();
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }

  /** Starts the registered workers (and any registered later) and the sweep of orphaned jobs. */
  startWorkers(): void {
    if (!this.config.jobs.workers || this.working) return;
    this.working = true;
    for (const worker of this.workers) worker.start();
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_SECONDS * 1000);
  }

  /**
   * Fails (so pg-boss retries them, with the queue's policy) the active jobs of our queues whose lease
   * nobody holds: their worker is gone. A job whose lease this transaction can take is orphaned; the
   * lock is released at commit. Returns how many it failed.
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'sweep of orphaned jobs failed; it will try again');
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const queues = [...new Set(this.workers.map((worker) => worker.queue))];
    return this.db.transaction(async (manager) => {
      const orphans: { name: string; id: string }[] = await manager.query(
        `SELECT name, id FROM (
           SELECT name, id FROM ${PG_BOSS_SCHEMA}.job
            WHERE state = 'active' AND name = ANY($1) AND started_on < now() - make_interval(secs => $2)
           OFFSET 0) AS active
          WHERE pg_try_advisory_xact_lock($3, hashtext(id::text))`,
        [queues, LEASE_GRACE_SECONDS, LEASE_LOCK_SPACE],
      );
      for (const { name, id } of orphans) {
        this.logger.warn({ queue: name, jobId: id }, 'job held by a worker that is gone; retrying it');
        await this.boss.fail(name, id, { message: 'its worker stopped while the job was active' });
      }
      return orphans.length;
    });
  }

  /**
   * Creates a queue with the configured retry policy, once. Instances booting together on a new database
   * would deadlock inside pg-boss's queue creation, so creation is serialised by an advisory lock.
   */
  async createQueue(name: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['jobs:create-queue']);
      if (await this.boss.getQueue(name)) return;
      await this.boss.createQueue(name, { name, ...this.retryPolicy() });
    });
  }

  /** Registers a handler, one job at a time, when this process runs workers; it starts with the workers. */
  work<T extends object>(name: string, handler: JobHandler<T>): void {
    if (!this.config.jobs.workers) return;
    const worker = new JobWorker<T>(this.boss, name, this.config.jobs.pollSeconds, this.leases, handler);
    this.workers.push(worker as JobWorker<object>);
    if (this.working) worker.start();
  }

  /**
   * Inserts jobs inside the caller's transaction, so they exist exactly when the transaction commits.
   * They retry with the configured policy (pg-boss's insert does not take the queue's).
   */
  async insertInTransaction(manager: EntityManager, jobs: { name: string; data: object }[]): Promise<void> {
    await this.boss.insert(
      jobs.map((job) => ({ ...job, ...this.retryPolicy() })),
      { db: { executeSql: async (text, values) => ({ rows: await manager.query(text, values) }) } },
    );
  }

  private retryPolicy() {
    return {
      retryLimit: this.config.jobs.retryLimit,
      retryDelay: this.config.jobs.retryDelaySeconds,
      retryBackoff: true,
    };
  }
}
