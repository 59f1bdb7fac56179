import { Injectable } from '@nestjs/common';
import { DECIDED_STATES, type AssessmentState } from '../../assessments/assessment-state';
import { AssessmentsService } from '../../assessments/assessments.service';
import { statusSection } from '../../assessments/changes/changes-view';
import { ChangesService } from '../../assessments/changes/changes.service';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import type { ScreeningResult } from '../../assessments/screening/screening';
import type { Actor } from '../../common/auth/actor';
import {
  ACTION_ITEM_STATUS_LABELS,
  DECISION_OUTCOME_LABELS,
  label,
  SCREENING_OUTCOME_LABELS,
  WP248_CRITERION_LABELS,
} from '../../common/labels';
import { DecisionErrorCode, DecisionException } from '../../decisions/decision.exception';
import { DecisionsService } from '../../decisions/decisions.service';
import type { DecisionOutcome } from '../../decisions/record/decision-record';
import { ActionItemsService } from '../../reviews/action-items/action-items.service';
import { REVIEW_NAMES, storedContextOf } from '../assessment-machine.types';
import type { UserEventType } from '../dto/workflow-event.dto';
import { WorkflowHistoryService } from '../workflow-history.service';
import { WorkflowService } from '../workflow.service';
import { mayActOn, regionsOf, reviewHref, reviewsAtGlance, REVIEW_WORDS } from './named-review-view';
import {
  changesRequestedOf,
  confirmedScreeningOf,
  deadlineOf,
  stageLabel,
  stepsOf,
  timelineOf,
  type ChainEvent,
} from './status-view';

/** Events this page offers as a button posting to /pia/:ref/events; others have pages of their own. */
const POSTED_HERE: readonly UserEventType[] = ['RESUBMIT', 'REASSESS'];

/**
 * The reviewers' events, each with the page where it is taken, in the order of the review. The status page
 * links to those the workflow allows this viewer now, so the same URL shows each role its next step.
 */
const REVIEW_PAGES: readonly { type: UserEventType; path: string; label: string }[] = [
  { type: 'CONFIRM_SCREENING', path: 'screening', label: 'Review the screening' },
  { type: 'ASSIGN', path: 'assign', label: 'Assign legal counsel and the approver' },
  { type: 'COMPLETE_RISK_ASSESSMENT', path: 'complete', label: 'Complete the risk assessment' },
  { type: 'LEGAL_CLEAR', path: 'legal', label: 'Give the legal review' },
  { type: 'APPROVE', path: 'decide', label: 'Decide' },
  { type: 'REQUEST_CHANGES', path: 'request-changes', label: 'Ask the owner for changes' },
];

/**
 * Gathers what the status page shows from the services the API uses (the assessment, its allowed events,
 * its event chain, its decision and action items) and puts it in words. It decides nothing itself.
 */
@Injectable()
export class StatusPageService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly history: WorkflowHistoryService,
    private readonly decisions: DecisionsService,
    private readonly actionItems: ActionItemsService,
    private readonly changes: ChangesService,
  ) {}

  async model(actor: Actor, id: string, now = new Date()) {
    const assessment = await this.assessments.visible(actor, id);
    const [summary, actions, events, changes] = await Promise.all([
      this.assessments.get(actor, id),
      this.workflow.allowedEvents(actor, id),
      this.history.history(actor, id) as Promise<ChainEvent[]>,
      this.changes.changes(actor, id, undefined),
    ]);
    const state = actions.state;
    const base = `/pia/${encodeURIComponent(summary.ref)}`;
    const allowed = actions.allowedEvents;
    const editable = this.assessments.canEditAnswers(actor, { ownerId: assessment.ownerId, state });
    const decided = DECIDED_STATES.includes(state as AssessmentState);
    const items = decided ? await this.actionItems.list(actor, id) : [];
    const named = await this.namedReviews(actor, assessment, allowed, base);
    // In v2's review, changes are asked for from a named review's page, as that review.
    const viaReviewPage = named.panel !== null && state === 'review';
    return {
      assessment: {
        ref: summary.ref,
        title: summary.title,
        department: summary.department,
        owner: summary.owner.displayName,
        version: actions.version,
        stage: stageLabel(state),
        withdrawn: state === 'withdrawn',
      },
      base,
      steps: stepsOf(state, assessment.machineVersion),
      namedReviews: named.panel,
      deadline: deadlineOf(assessment.stageDeadlineAt, now, storedContextOf(assessment.snapshot).overdueCount),
      changesRequested: changesRequestedOf(state, events),
      changedSinceAsked: statusSection(changes, actor),
      editHref: editable ? await this.firstSection(actor, id, base) : null,
      submitHref: allowed.includes('SUBMIT') ? `${base}/submit` : null,
      withdrawHref: allowed.includes('WITHDRAW') ? `${base}/withdraw` : null,
      review: [
        ...named.links,
        ...REVIEW_PAGES.filter(({ type }) => allowed.includes(type))
          .filter(({ type }) => !(viaReviewPage && type === 'REQUEST_CHANGES'))
          .map(({ type, path, label }) => ({
            href: `${base}/${path}`,
            label:
              type === 'ASSIGN' && assessment.machineVersion !== 'v1' ? 'Assign the reviewers and the approver' : label,
          })),
      ].map((link, index) => ({ ...link, primary: index === 0 })),
      riskHref: assessment.riskModelId ? `${base}/risk` : null, // scored once it reached risk assessment
      buttons: allowed
        .filter((type) => POSTED_HERE.includes(type))
        .map((type) => ({ type, label: label.eventAction(type) })),
      screening: this.screening(assessment.screening, events),
      timeline: timelineOf(events),
      decision: decided ? await this.decision(actor, id, base) : null,
      conditions: items.length
        ? {
            href: `${base}/conditions`,
            open: items.filter((item) => item.status === 'open').length,
            items: items.map((item) => ({
              text: item.text,
              dueDate: item.dueDate,
              status: ACTION_ITEM_STATUS_LABELS[item.status],
              done: item.status === 'done',
            })),
          }
        : null,
    };
  }

  /** "Continue editing" opens the first section the owner can see. */
  /**
   * Workflow v2's named reviews: each with where it stands, its reviewer and its page; and the reviews whose page
   * this person should open now, because the workflow lets them clear it. Null on v1 and before the risk stage ends.
   */
  private async namedReviews(actor: Actor, assessment: Assessment, allowed: readonly string[], base: string) {
    const context = storedContextOf(assessment.snapshot);
    if (!context.reviews) return { panel: null, links: [] };
    const people = await this.assessments.people([
      ...Object.values(context.reviews).flatMap((r) => (r.clearedBy ? [r.clearedBy] : [])),
      ...Object.values(context.assignees ?? {}),
    ]);
    const names = new Map([...people].map(([id, person]) => [id, person.displayName]));
    const regions = regionsOf(assessment.snapshot);
    return {
      panel: reviewsAtGlance(context.reviews, base, names, context.assignees),
      links: REVIEW_NAMES.filter((name) => mayActOn(name, context, regions, actor, allowed, 'CLEAR_REVIEW')).map(
        (name) => ({ href: reviewHref(base, name), label: `Give the ${REVIEW_WORDS[name].title.toLowerCase()}` }),
      ),
    };
  }

  private async firstSection(actor: Actor, id: string, base: string): Promise<string> {
    const { view } = await this.assessments.questionnaire(actor, id);
    const first = view.sections.find((section) => section.visible) ?? view.sections[0];
    return `${base}/sections/${encodeURIComponent(first.id)}`;
  }

  private screening(result: ScreeningResult | null, events: ChainEvent[]) {
    if (!result) return null;
    return {
      proposed: SCREENING_OUTCOME_LABELS[result.proposedOutcome],
      rationale: result.rationale,
      criteria: result.criteria.filter((c) => c.met).map((c) => WP248_CRITERION_LABELS[c.criterion]),
      sensitive: result.sensitiveCategories.map((c) => label.inventory('category', c.category)),
      surveillance: result.surveillance.flagged,
      confirmed: confirmedScreeningOf(events),
    };
  }

  /** The decision with its documents, reached through this site's pages (the API's links take a bearer token). */
  private async decision(actor: Actor, id: string, base: string) {
    try {
      const decision = await this.decisions.ofAssessment(actor, id);
      const latest = decision.documents.at(-1);
      return {
        outcome: DECISION_OUTCOME_LABELS[decision.outcome as DecisionOutcome] ?? decision.outcome,
        reasons: decision.reasons,
        decidedAt: new Date(decision.decidedAt).toISOString(),
        decidedBy: decision.decidedBy?.displayName ?? null,
        issued: decision.documentStatus === 'issued' && latest !== undefined,
        version: latest?.version ?? null,
        pdfSha256: latest?.pdfSha256 ?? null,
        links: {
          pdf: `${base}/decision/document.pdf`,
          html: `${base}/decision/document.html`,
          manifest: `${base}/decision/manifest.jws`,
          publicHtml: `/public/decisions/${decision.id}/document.html`,
          publicManifest: `/public/decisions/${decision.id}/manifest.jws`,
          jwks: decision.links.jwks,
        },
      };
    } catch (error) {
      if (error instanceof DecisionException && error.code === DecisionErrorCode.NotDecided) return null;
      throw error;
    }
  }
}
