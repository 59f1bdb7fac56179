import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../../jobs/job-queue.service';
import { type OutboxJob, outboxQueue } from '../../workflow/outbox/outbox-relay';
import { ActionItemsService } from './action-items.service';

/** Carries out `createActionItems` (approval with conditions) from the outbox. */
@Injectable()
export class CreateActionItemsHandler implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly items: ActionItemsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.work<OutboxJob>(outboxQueue('createActionItems'), (job) =>
      this.items.fromConditions(
        job.assessmentId,
        job.eventId,
        (job.params.conditions as { text: string }[] | undefined) ?? [],
      ),
    );
  }
}
