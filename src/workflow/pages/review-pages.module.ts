import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { IdentityModule } from '../../identity/identity.module';
import { RiskModule } from '../../risk/risk.module';
import { WorkflowModule } from '../workflow.module';
import { NamedReviewPageController } from './named-review.page.controller';
import { ReviewQueuePageController } from './review-queue.page.controller';
import { ReviewStepsPageController } from './review-steps.page.controller';
import { ReviewStepsService } from './review-steps.service';

/**
 * The reviewers' pages: their queues, and the steps of screening, assignment, the risk stage's end and legal review,
 * and workflow v2's named reviews, a page each.
 */
@Module({
  imports: [AssessmentsModule, WorkflowModule, RiskModule, IdentityModule],
  controllers: [ReviewQueuePageController, ReviewStepsPageController, NamedReviewPageController],
  providers: [ReviewStepsService],
})
export class ReviewPagesModule {}
