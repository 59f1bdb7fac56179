import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { JobQueue } from '../../jobs/job-queue.service';
import { OUTBOX_ACTIONS } from '../assessment-machine.types';
import type { OutboxEntry } from './outbox-entry.entity';

/** The data of every outbox job: which entry, so handlers can key their work by it. */
export interface OutboxJob {
  outboxId: string;
  assessmentId: string;
  eventId: string;
  params: Record<string, unknown>;
}

export const outboxQueue = (action: string) => `outbox.${action}`;

/**
 * Moves outbox rows to pg-boss: claims pending rows (SKIP LOCKED, so instances share the work), inserts
 * one job each and marks them relayed, all in one transaction. A crash before commit leaves the rows
 * pending; after commit the jobs exist. Nothing is lost and nothing is sent twice.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const action of OUTBOX_ACTIONS) await this.jobs.createQueue(outboxQueue(action));
    if (!this.config.jobs.workers) return;
    this.timer = setInterval(() => void this.kick(), this.config.jobs.pollSeconds * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Relays now (also called right after a transition commits); overlapping calls share one run. */
  kick(): Promise<number> {
    this.running ??= this.relay()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'outbox relay failed; it will try again');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async relay(): Promise<number> {
    return this.db.transaction(async (manager) => {
      const rows: OutboxEntry[] = await manager.query(
        `SELECT id, assessment_id AS "assessmentId", event_id AS "eventId", action, params
           FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await this.jobs.insertInTransaction(
        manager,
        rows.map((row) => ({
          name: outboxQueue(row.action),
          data: {
            outboxId: String(row.id),
            assessmentId: row.assessmentId,
            eventId: String(row.eventId),
            params: row.params,
          } satisfies OutboxJob,
        })),
      );
      await manager.query('UPDATE outbox SET relayed_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
