import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { type JobHandler, JobWorker } from './job-worker';

export const PG_BOSS_SCHEMA = 'pgboss';

/**
 * pg-boss on the application's own PostgreSQL, in its own schema. Features create their queues and
 * register handlers at bootstrap; handlers must be idempotent (a job may run again after a crash).
 */
@Injectable()
export class JobQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  readonly boss: PgBoss;
  private readonly workers: { stop(): Promise<void> }[] = [];

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
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Let the jobs in hand finish first: they use the app's DataSource, which closes after this.
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
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

  /** Registers a handler, one job at a time, when this process runs workers. */
  work<T extends object>(name: string, handler: JobHandler<T>): void {
    if (!this.config.jobs.workers) return;
    const worker = new JobWorker<T>(this.boss, name, this.config.jobs.pollSeconds, handler);
    this.workers.push(worker);
    worker.start();
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
