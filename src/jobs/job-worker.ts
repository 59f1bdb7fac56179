import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { JobLeases } from './job-leases';

export type JobHandler<T> = (data: T, jobId: string) => Promise<void>;

/**
 * Takes one job at a time from one queue with pg-boss's fetch, complete and fail. pg-boss 10's own
 * `work()` loop is not used because its shutdown does not wait for a fetch in flight, and it does not
 * await the completion: a job fetched while the app stops ran on a closed pool and stayed `active` until
 * it expired, 15 minutes later. `stop()` here waits for the current fetch, handler and completion. Each
 * job runs under a lease (JobLeases), so one whose worker dies is retried within seconds.
 *
 * pg-boss 12 would make this loop unnecessary (its workers' stop awaits the fetch and handler in flight,
 * and queues take a heartbeat), but from 11 on it cannot migrate a version 10 schema: it refuses it and
 * leaves moving the jobs to us. That move, for every deployed database, is a change of its own.
 */
export class JobWorker<T extends object> {
  private readonly logger = new Logger(JobWorker.name);
  private readonly wake = new AbortController();
  private stopping = false;
  private loop?: Promise<void>;

  constructor(
    private readonly boss: PgBoss,
    readonly queue: string,
    private readonly pollSeconds: number,
    private readonly leases: JobLeases,
    private readonly handler: JobHandler<T>,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Resolves once the job in hand, if any, is settled; no job is fetched after this is called. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const tookOne = await this.takeOne().catch((error: unknown) => {
        this.logger.error({ err: error, queue: this.queue }, 'job queue unreachable; polling again');
        return false;
      });
      // An empty queue (or an error) waits one polling interval; a busy one is drained without pause.
      if (!tookOne)
        await sleep(this.pollSeconds * 1000, undefined, { signal: this.wake.signal }).catch(() => undefined);
    }
  }

  private async takeOne(): Promise<boolean> {
    const [job] = await this.boss.fetch<T>(this.queue, { batchSize: 1 });
    if (!job) return false;
    await this.leases.hold(job.id);
    try {
      await this.settle(job.id, job.data);
    } finally {
      // Also when the completion could not reach the database: the job is then retried by the sweep.
      await this.leases.release(job.id);
    }
    return true;
  }

  private async settle(jobId: string, data: T): Promise<void> {
    try {
      await this.handler(data, jobId);
    } catch (error) {
      // Handlers log their own failures; the queue keeps the message and schedules the retry.
      await this.boss.fail(this.queue, jobId, { message: error instanceof Error ? error.message : String(error) });
      return;
    }
    await this.boss.complete(this.queue, jobId);
  }
}
