import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue.service';
import { WorkflowService } from './workflow.service';

export const DEADLINES_QUEUE = 'workflow.deadlines';

/**
 * On a schedule, sends DEADLINE_PASSED through the one transition path for every assessment whose stage
 * deadline has passed. The transition sets the next deadline, so each pass is handled once.
 */
@Injectable()
export class DeadlinesJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadlinesJob.name);

  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobQueue,
    private readonly workflow: WorkflowService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.createQueue(DEADLINES_QUEUE);
    if (!this.config.jobs.workers) return;
    await this.jobs.boss.schedule(DEADLINES_QUEUE, this.config.workflow.deadlineScanCron);
    this.jobs.work(DEADLINES_QUEUE, () => this.run().then(() => undefined));
  }

  /** Returns how many assessments it moved on. */
  async run(now = new Date()): Promise<number> {
    const due: { id: string }[] = await this.db.query(
      'SELECT id FROM assessments WHERE stage_deadline_at <= $1 ORDER BY stage_deadline_at LIMIT 500',
      [now],
    );
    let handled = 0;
    for (const { id } of due) {
      try {
        await this.workflow.apply('system', id, { type: 'DEADLINE_PASSED' });
        handled += 1;
      } catch (error) {
        this.logger.error({ err: error, assessmentId: id }, 'could not apply DEADLINE_PASSED');
      }
    }
    return handled;
  }
}
