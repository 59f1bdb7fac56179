import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobQueue } from '../../jobs/job-queue.service';
import { WebSessionsService } from './web-sessions.service';

export const SESSION_SWEEP_QUEUE = 'identity.session-sweep';

/** Every quarter hour, deletes browser sessions past their idle or absolute limit (they open nothing already). */
@Injectable()
export class SessionSweepJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(SessionSweepJob.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly sessions: WebSessionsService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.createQueue(SESSION_SWEEP_QUEUE);
    if (!this.config.jobs.workers) return;
    await this.jobs.boss.schedule(SESSION_SWEEP_QUEUE, '*/15 * * * *');
    this.jobs.work(SESSION_SWEEP_QUEUE, async () => {
      const removed = await this.sessions.pruneExpired();
      if (removed > 0) this.logger.log({ removed }, 'expired browser sessions removed');
    });
  }
}
