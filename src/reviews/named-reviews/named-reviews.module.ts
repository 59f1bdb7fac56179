import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { RiskModule } from '../../risk/risk.module';
import { NamedReviewsHook } from './named-reviews.hook';

/** Workflow v2's named reviews: which apply and why, and what reopens them; it writes no table of its own. */
@Module({
  imports: [AssessmentsModule, RiskModule],
  providers: [NamedReviewsHook],
})
export class NamedReviewsModule {}
