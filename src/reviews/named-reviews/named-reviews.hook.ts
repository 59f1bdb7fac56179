import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import type { AppException } from '../../common/errors/app.exception';
import { RiskRegisterService } from '../../risk/risk-register.service';
import {
  type EventFacts,
  REVIEW_NAMES,
  type ReviewName,
  type SentEvent,
  storedContextOf,
} from '../../workflow/assessment-machine.types';
import {
  TransitionHook,
  type TransitionHookHandler,
  type TransitionQuestion,
} from '../../workflow/hooks/transition-hook';
import { WorkflowErrorCode, WorkflowException } from '../../workflow/workflow.exception';
import { reliedOnQuestions } from './relied-on';
import { applicableReviews } from './review-applicability';

/** The machine version whose review stage is the parallel named reviews. */
const NAMED_REVIEWS = 'v2';
/** Roles that are assigned only to v2's named reviews. */
const V2_ONLY_ROLES: readonly string[] = ['security_reviewer', 'equity_reviewer'];

/** A 422 naming the field that does not fit the assessment's version or stage. */
const mismatch = (pointer: string, detail: string) =>
  new WorkflowException(WorkflowErrorCode.InvalidNamedReview, `${pointer.slice(1)} ${detail}.`, {
    errors: [{ pointer, detail }],
  });

/**
 * Workflow v2's named reviews in the transition path. Before the guard it works out which reviews apply when the
 * risk stage completes (with their reasons), the assessment's version a clearing review relies on, and on
 * resubmission the cleared reviews whose relied-on answers changed since. It refuses payloads that do not fit the
 * assessment's version: v2's roles and `review` on a v1 assessment, `review` outside the review stage, and
 * REQUEST_CHANGES in review without the review that asks.
 */
@TransitionHook()
@Injectable()
export class NamedReviewsHook implements TransitionHookHandler {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly registers: RiskRegisterService,
  ) {}

  async facts({ manager, row, event }: TransitionQuestion): Promise<Partial<EventFacts>> {
    if (row.machineVersion !== NAMED_REVIEWS) return {};
    if (row.state === 'risk_assessment' && (!event || event.type === 'COMPLETE_RISK_ASSESSMENT'))
      return { reviews: await this.applicable(manager, row) };
    if (event?.type === 'CLEAR_REVIEW') return { answersVersion: row.version };
    if (event?.type === 'RESUBMIT' && row.state === 'changes_requested')
      return { changedReviews: await this.changedSinceCleared(manager, row) };
    return {};
  }

  /** In review, asking for changes names the review that asks: say so, rather than "not allowed now". */
  async refusal({ row, event }: TransitionQuestion): Promise<AppException | undefined> {
    if (row.machineVersion !== NAMED_REVIEWS || row.state !== 'review') return undefined;
    if (event?.type !== 'REQUEST_CHANGES' || event.review) return undefined;
    return mismatch('/review', `is required in review: name the review asking (${REVIEW_NAMES.join(', ')})`);
  }

  async check({ row, event }: TransitionQuestion & { event: SentEvent }): Promise<void> {
    const v2 = row.machineVersion === NAMED_REVIEWS;
    if (event.type === 'ASSIGN' && !v2 && V2_ONLY_ROLES.includes(event.role))
      throw mismatch('/role', `${event.role} reviews only on workflow v2; this assessment is on ${row.machineVersion}`);
    if (event.type === 'REQUEST_CHANGES' && event.review && !(v2 && row.state === 'review'))
      throw mismatch(
        '/review',
        v2
          ? 'is taken only while the assessment is in review'
          : `names a workflow v2 review; this assessment is on ${row.machineVersion}`,
      );
  }

  private async applicable(manager: EntityManager, row: Assessment) {
    const routing = await this.registers.routingFor(manager, row);
    return applicableReviews({
      legal: { required: routing?.legalReviewRequired ?? false, reasons: routing?.legalReasons ?? [] },
      screening: row.screening ?? null,
      screeningOutcome: storedContextOf(row.snapshot).screeningOutcome ?? null,
    });
  }

  /** Cleared reviews one of whose relied-on answers differs now from what it was when the review cleared. */
  private async changedSinceCleared(manager: EntityManager, row: Assessment): Promise<ReviewName[]> {
    const reviews = storedContextOf(row.snapshot).reviews;
    if (!reviews) return [];
    const { template } = this.assessments.questionnaireLayout(row);
    const changed: ReviewName[] = [];
    for (const name of REVIEW_NAMES) {
      const { clearedBy, answersVersion } = reviews[name];
      if (!clearedBy || answersVersion === null) continue;
      const asked = reliedOnQuestions(template, name).map((questionId) => ({ questionId, version: answersVersion }));
      if ((await this.assessments.answersChangedSince(manager, row, asked)).some(Boolean)) changed.push(name);
    }
    return changed;
  }
}
