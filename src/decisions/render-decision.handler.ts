import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.service';
import { type OutboxJob, outboxQueue } from '../workflow/outbox/outbox-relay';
import { DecisionDocumentsService } from './decision-documents.service';

export const CORRECTION_QUEUE = 'decisions.correct';

/**
 * Carries out `renderDecision` from the outbox (the first document of a decision, keyed by the deciding
 * event) and corrections (a further version), both through the same exactly-once path.
 */
@Injectable()
export class RenderDecisionHandler implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly documents: DecisionDocumentsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.createQueue(CORRECTION_QUEUE);
    this.jobs.work<OutboxJob>(outboxQueue('renderDecision'), async (job) => {
      const decisionId = await this.documents.decisionOfEvent(job.eventId);
      await this.documents.issue({ decisionId, version: 1 });
    });
    this.jobs.work<{ decisionId: string; version: number; reason: string }>(CORRECTION_QUEUE, (job) =>
      this.documents.issue({ decisionId: job.decisionId, version: job.version, correctionReason: job.reason }),
    );
  }
}
