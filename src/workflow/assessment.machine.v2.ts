import { assign, setup } from 'xstate';
import {
  type AssessmentContextV2,
  type AssessmentEvent,
  type EventActor,
  type NamedReview,
  REVIEW_NAMES,
  REVIEW_ROLE,
  type ReviewName,
  type ReviewerRole,
} from './assessment-machine.types';
import { isReviewer } from './reviewer-rule';

/**
 * Version 2 of the review lifecycle: after the risk stage, review is a parallel state whose regions are the
 * named reviews (privacy, legal, security, equity), each cleared or sent back by a holder of its own role.
 * Like v1 it is plain data and pure guards: the actor and the server's facts come in the event.
 *
 * - Which reviews apply comes with COMPLETE_RISK_ASSESSMENT as a fact (with its reason) and is stored in the
 *   context; privacy applies always, whatever the facts say. A review that does not apply enters
 *   `not_applicable`, a final state, so the parallel state is done once every applicable review is cleared.
 * - Any review asking for changes sends the whole assessment to `changes_requested`. RESUBMIT then returns to
 *   `review`: the reviews that asked reopen, as do cleared ones whose relied-on answers changed (the server's
 *   `changedReviews` fact); the other cleared reviews stay cleared, and reviews still open stay open.
 *   Changes asked in screening or the risk stage resubmit to screening, as in v1.
 * - Separation of duties: the owner never reviews (the reviewer rule); nobody clears two reviews of one cycle
 *   (the reviews are independent opinions) nor approves a cycle in which they cleared a review (v1's
 *   counsel ≠ approver, widened to every review); assignments keep the approver apart from every reviewer.
 *
 * Never change a released version's behaviour: add assessment.machine.v3.ts and register it.
 */

type Notify = {
  /** `open_reviews`: the reviewers of every review still open. */
  to: 'owner' | 'assignee' | 'open_reviews' | 'approver' | ReviewerRole;
  reason: string;
};
type Review = { review: ReviewName };

const has = (actor: EventActor, role: string) => actor.roles.includes(role);
const isOwner = (context: AssessmentContextV2, actor: EventActor) => actor.id === context.ownerId;

/** Everyone who cleared any review in any round of this cycle. */
function clearersOf(context: AssessmentContextV2, except?: ReviewName): string[] {
  if (!context.reviews) return [];
  const reviews = context.reviews;
  return [...new Set(REVIEW_NAMES.filter((name) => name !== except).flatMap((name) => reviews[name].clearers))];
}

/** Overriding screening's proposed outcome needs a written reason (as v1). */
function confirmsScreening(context: AssessmentContextV2, event: AssessmentEvent): boolean {
  return (
    event.type === 'CONFIRM_SCREENING' &&
    isReviewer(context, event.actor, 'privacy_officer') &&
    (event.outcome === event.facts?.proposedOutcome || (event.reason ?? '').trim().length > 0)
  );
}

/** The approver is never someone who cleared a review of the same cycle. */
function approves(context: AssessmentContextV2, event: AssessmentEvent): boolean {
  return isReviewer(context, event.actor, 'approver') && !clearersOf(context).includes(event.actor.id);
}

/** A review's own reviewer acting on it: the event names it, and they cleared no other review of the cycle. */
function actsOnReview(context: AssessmentContextV2, event: AssessmentEvent, name: ReviewName): boolean {
  return (
    (event.type === 'CLEAR_REVIEW' || event.type === 'REQUEST_CHANGES') &&
    event.review === name &&
    isReviewer(context, event.actor, REVIEW_ROLE[name]) &&
    !clearersOf(context, name).includes(event.actor.id)
  );
}

/**
 * Who may not also be assigned to `role`: the approver is apart from every reviewer, and each review's
 * reviewer from the other reviews' (the privacy officer's assignment also covers screening and risk).
 */
function conflictingAssignees(context: AssessmentContextV2, role: string): string[] {
  const assigned = context.assignees as Partial<Record<string, string>>;
  const reviewerRoles: string[] = Object.values(REVIEW_ROLE);
  const others =
    role === 'approver' ? reviewerRoles : reviewerRoles.includes(role) ? [...reviewerRoles, 'approver'] : [];
  return others.filter((other) => other !== role).flatMap((other) => (assigned[other] ? [assigned[other]] : []));
}

/** One value per named review. */
function byReview<T>(value: (name: ReviewName) => T): Record<ReviewName, T> {
  return Object.fromEntries(REVIEW_NAMES.map((name) => [name, value(name)])) as Record<ReviewName, T>;
}

/** The reviews as the server's facts say they apply; privacy always does. */
function reviewsFrom(event: AssessmentEvent): Record<ReviewName, NamedReview> {
  const facts = event.facts?.reviews;
  return byReview((name) => ({
    applies: name === 'privacy' || facts?.[name]?.applies === true,
    reason: name === 'privacy' ? 'Every assessment has a privacy review.' : (facts?.[name]?.reason ?? 'Not required.'),
    clearedBy: null,
    findings: null,
    answersVersion: null,
    changesRequested: false,
    clearers: [],
  }));
}

/** On resubmission: the reviews that asked reopen, and so do cleared ones whose relied-on answers changed. */
function reopened(context: AssessmentContextV2, event: AssessmentEvent): Record<ReviewName, NamedReview> | null {
  if (!context.reviews) return null;
  const changed = new Set(event.facts?.changedReviews ?? []);
  const reviews = context.reviews;
  return byReview((name) => {
    const review = reviews[name];
    const reopen = review.changesRequested || (review.clearedBy !== null && changed.has(name));
    return reopen
      ? { ...review, clearedBy: null, findings: null, answersVersion: null, changesRequested: false }
      : review;
  });
}

function withReview(
  context: AssessmentContextV2,
  name: ReviewName,
  change: Partial<NamedReview>,
): Record<ReviewName, NamedReview> | null {
  return context.reviews ? { ...context.reviews, [name]: { ...context.reviews[name], ...change } } : null;
}

/** What the stages before review share with v1's: withdraw, assign, and the deadline's reminder then escalation. */
const STAGE_EVENTS = {
  WITHDRAW: { guard: 'owner', target: '#assessment.withdrawn' },
  ASSIGN: {
    guard: 'assignable',
    actions: ['assignReviewer', { type: 'notify', params: { to: 'assignee', reason: 'assigned' } }],
  },
} as const;

function deadlineOf(reviewerRole: Notify['to']) {
  return [
    {
      guard: 'systemFirstOverdue',
      actions: ['countOverdue', { type: 'notify', params: { to: reviewerRole, reason: 'deadline_passed' } }],
    },
    {
      guard: 'system',
      actions: ['countOverdue', { type: 'notify', params: { to: 'privacy_officer', reason: 'escalated' } }],
    },
  ] as const;
}

/**
 * One named review as a region: it starts in `pending`, which at once settles where the review stands (not
 * applicable, still cleared from an earlier round, or open). Reviews done either way are final, so the
 * parallel state is done, and goes to approval, once every applicable review is cleared.
 */
function region(name: ReviewName) {
  const role = REVIEW_ROLE[name];
  return {
    initial: 'pending',
    states: {
      pending: {
        always: [
          { guard: { type: 'notApplicable', params: { review: name } }, target: 'not_applicable' },
          { guard: { type: 'stillCleared', params: { review: name } }, target: 'cleared' },
          { target: 'open' },
        ],
      },
      open: {
        entry: [{ type: 'notify', params: { to: role, reason: `${name}_review` } }],
        on: {
          CLEAR_REVIEW: {
            guard: { type: 'reviewer', params: { review: name } },
            target: 'cleared',
            actions: [{ type: 'clearReview', params: { review: name } }],
          },
          REQUEST_CHANGES: {
            guard: { type: 'reviewer', params: { review: name } },
            target: '#assessment.changes_requested',
            actions: [
              { type: 'askChanges', params: { review: name } },
              { type: 'notify', params: { to: 'owner', reason: 'changes_requested' } },
            ],
          },
        },
      },
      cleared: { type: 'final' },
      not_applicable: { type: 'final' },
    },
  } as const;
}

export const assessmentMachineV2 = setup({
  types: {
    context: {} as AssessmentContextV2,
    events: {} as AssessmentEvent,
    input: {} as { ownerId: string },
  },
  guards: {
    ownerAndComplete: ({ context, event }) => isOwner(context, event.actor) && event.facts?.complete === true,
    resubmitsToReview: ({ context, event }) =>
      isOwner(context, event.actor) && event.facts?.complete === true && context.resumeAt === 'review',
    owner: ({ context, event }) => isOwner(context, event.actor),
    ownerOrPrivacyOfficer: ({ context, event }) =>
      isOwner(context, event.actor) || isReviewer(context, event.actor, 'privacy_officer'),
    privacyOfficer: ({ context, event }) => isReviewer(context, event.actor, 'privacy_officer'),
    approver: ({ context, event }) => approves(context, event),
    approverWithConditions: ({ context, event }) =>
      approves(context, event) && event.type === 'APPROVE' && (event.conditions?.length ?? 0) > 0,
    system: ({ event }) => has(event.actor, 'system'),
    conditionsMet: ({ event }) => has(event.actor, 'system') && event.facts?.openActionItems === 0,
    systemFirstOverdue: ({ context, event }) => has(event.actor, 'system') && context.overdueCount === 0,
    screeningConfirmed: ({ context, event }) => confirmsScreening(context, event),
    screenedOut: ({ context, event }) =>
      confirmsScreening(context, event) && (event as { outcome?: string }).outcome === 'not_required',
    /** The risk stage is done when every risk is treated, and the server said which reviews apply. */
    riskAssessed: ({ context, event }) =>
      isReviewer(context, event.actor, 'privacy_officer') &&
      event.facts?.riskComplete !== false &&
      event.facts?.reviews !== undefined,
    reviewer: ({ context, event }, { review }: Review) => actsOnReview(context, event, review),
    notApplicable: ({ context }, { review }: Review) => context.reviews?.[review].applies !== true,
    stillCleared: ({ context }, { review }: Review) => (context.reviews?.[review].clearedBy ?? null) !== null,
    /**
     * Any privacy officer but the owner assigns (so an assignee who left can be replaced); nobody reviews their
     * own assessment, and nobody is assigned two reviews, or a review and the approval.
     */
    assignable: ({ context, event }) => {
      if (event.type !== 'ASSIGN' || !has(event.actor, 'privacy_officer') || isOwner(context, event.actor))
        return false;
      if (event.userId === context.ownerId || event.facts?.assigneeHasRole !== true) return false;
      if (conflictingAssignees(context, event.role).includes(event.userId)) return false;
      return !(event.role === 'approver' && clearersOf(context).includes(event.userId));
    },
  },
  actions: {
    // Carried out by outbox handlers after commit; here they are only named.
    notify: (_, _params: Notify) => undefined,
    renderDecision: (_, _params: { outcome: 'approved' | 'remediation' | 'rejected' | 'closed_not_required' }) =>
      undefined,
    createActionItems: () => undefined,
    startStage: assign({ overdueCount: 0, escalated: false }),
    assignReviewer: assign({
      assignees: ({ context, event }) =>
        event.type === 'ASSIGN' ? { ...context.assignees, [event.role]: event.userId } : context.assignees,
    }),
    countOverdue: assign(({ context }) => ({
      overdueCount: context.overdueCount + 1,
      escalated: context.overdueCount + 1 >= 2,
    })),
    // Once review has begun, changes asked in the cycle resubmit to review, not to screening.
    storeReviews: assign({ reviews: ({ event }) => reviewsFrom(event), resumeAt: 'review' }),
    reopenReviews: assign({ reviews: ({ context, event }) => reopened(context, event) }),
    clearReview: assign({
      reviews: ({ context, event }, { review }: Review) =>
        withReview(context, review, {
          clearedBy: event.actor.id,
          findings: event.type === 'CLEAR_REVIEW' ? (event.findings ?? null) : null,
          answersVersion: event.facts?.answersVersion ?? null,
          changesRequested: false,
          clearers: [...new Set([...(context.reviews?.[review].clearers ?? []), event.actor.id])],
        }),
    }),
    askChanges: assign({
      reviews: ({ context }, { review }: Review) =>
        withReview(context, review, { clearedBy: null, findings: null, answersVersion: null, changesRequested: true }),
    }),
  },
}).createMachine({
  id: 'assessment',
  initial: 'draft',
  context: ({ input }) => ({
    ownerId: input.ownerId,
    cycle: 1,
    assignees: {},
    screeningOutcome: null,
    reviews: null,
    resumeAt: 'screening',
    overdueCount: 0,
    escalated: false,
  }),
  states: {
    draft: {
      on: {
        SUBMIT: {
          guard: 'ownerAndComplete',
          target: 'screening',
          actions: [{ type: 'notify', params: { to: 'privacy_officer', reason: 'submitted' } }],
        },
        WITHDRAW: { guard: 'owner', target: 'withdrawn' },
      },
    },
    screening: {
      entry: 'startStage',
      on: {
        ...STAGE_EVENTS,
        DEADLINE_PASSED: deadlineOf('privacy_officer'),
        CONFIRM_SCREENING: [
          {
            guard: 'screenedOut',
            target: 'closed_not_required',
            actions: [
              assign({ screeningOutcome: 'not_required' }),
              { type: 'renderDecision', params: { outcome: 'closed_not_required' } },
              { type: 'notify', params: { to: 'owner', reason: 'closed_not_required' } },
            ],
          },
          {
            guard: 'screeningConfirmed',
            target: 'risk_assessment',
            actions: assign({
              screeningOutcome: ({ event }) => (event.type === 'CONFIRM_SCREENING' ? event.outcome : null),
            }),
          },
        ],
        REQUEST_CHANGES: {
          guard: 'privacyOfficer',
          target: 'changes_requested',
          actions: [{ type: 'notify', params: { to: 'owner', reason: 'changes_requested' } }],
        },
      },
    },
    risk_assessment: {
      entry: 'startStage',
      on: {
        ...STAGE_EVENTS,
        DEADLINE_PASSED: deadlineOf('privacy_officer'),
        COMPLETE_RISK_ASSESSMENT: { guard: 'riskAssessed', target: 'review', actions: 'storeReviews' },
        REQUEST_CHANGES: {
          guard: 'privacyOfficer',
          target: 'changes_requested',
          actions: [{ type: 'notify', params: { to: 'owner', reason: 'changes_requested' } }],
        },
      },
    },
    review: {
      type: 'parallel',
      entry: 'startStage',
      on: {
        ...STAGE_EVENTS,
        // One stage, one deadline: the first reminder goes to the reviews still open.
        DEADLINE_PASSED: deadlineOf('open_reviews'),
      },
      states: {
        privacy: region('privacy'),
        legal: region('legal'),
        security: region('security'),
        equity: region('equity'),
      },
      onDone: {
        target: 'approval',
        actions: [{ type: 'notify', params: { to: 'approver', reason: 'approval' } }],
      },
    },
    approval: {
      entry: 'startStage',
      on: {
        ...STAGE_EVENTS,
        DEADLINE_PASSED: deadlineOf('approver'),
        APPROVE: [
          {
            guard: 'approverWithConditions',
            target: 'remediation',
            actions: [
              'createActionItems',
              { type: 'renderDecision', params: { outcome: 'remediation' } },
              { type: 'notify', params: { to: 'owner', reason: 'approved_with_conditions' } },
            ],
          },
          {
            guard: 'approver',
            target: 'approved',
            actions: [
              { type: 'renderDecision', params: { outcome: 'approved' } },
              { type: 'notify', params: { to: 'owner', reason: 'approved' } },
            ],
          },
        ],
        REJECT: {
          guard: 'approver',
          target: 'rejected',
          actions: [
            { type: 'renderDecision', params: { outcome: 'rejected' } },
            { type: 'notify', params: { to: 'owner', reason: 'rejected' } },
          ],
        },
        // The approver's changes resubmit to review: reviews whose relied-on answers changed look again.
        REQUEST_CHANGES: {
          guard: 'approver',
          target: 'changes_requested',
          actions: [{ type: 'notify', params: { to: 'owner', reason: 'changes_requested' } }],
        },
      },
    },
    changes_requested: {
      on: {
        RESUBMIT: [
          {
            guard: 'resubmitsToReview',
            target: 'review',
            actions: ['reopenReviews', { type: 'notify', params: { to: 'privacy_officer', reason: 'resubmitted' } }],
          },
          {
            guard: 'ownerAndComplete',
            target: 'screening',
            actions: [{ type: 'notify', params: { to: 'privacy_officer', reason: 'resubmitted' } }],
          },
        ],
        WITHDRAW: { guard: 'owner', target: 'withdrawn' },
      },
    },
    remediation: {
      on: {
        CONDITIONS_MET: {
          guard: 'conditionsMet',
          target: 'approved',
          actions: [{ type: 'notify', params: { to: 'owner', reason: 'conditions_met' } }],
        },
      },
    },
    approved: {
      on: {
        REASSESS: {
          guard: 'ownerOrPrivacyOfficer',
          target: 'draft',
          actions: [
            assign(({ context }) => ({
              cycle: context.cycle + 1,
              assignees: {},
              screeningOutcome: null,
              reviews: null,
              resumeAt: 'screening' as const,
            })),
            { type: 'notify', params: { to: 'owner', reason: 'reassessment' } },
          ],
        },
      },
    },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    closed_not_required: { type: 'final' },
  },
});
