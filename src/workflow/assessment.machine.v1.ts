import { assign, setup } from 'xstate';
import type { AssessmentContext, AssessmentEvent, EventActor } from './assessment-machine.types';
import { isReviewer } from './reviewer-rule';

/**
 * Version 1 of the review lifecycle. Plain data and pure guards: the actor and the server's facts come
 * in the event, so separation of duties lives here and `snapshot.can(event)` answers "may this person
 * do this now" for the API and the pages alike. Actions are names with parameters; the workflow
 * service writes them to the outbox and handlers carry them out after commit. Deadlines are columns
 * kept by the service; a passed one arrives as DEADLINE_PASSED (no `after` timers).
 *
 * Never change a released version's behaviour: add assessment.machine.v2.ts and register it.
 */

const has = (actor: EventActor, role: string) => actor.roles.includes(role);
const isOwner = (context: AssessmentContext, actor: EventActor) => actor.id === context.ownerId;

/** Overriding screening's proposed outcome needs a written reason. */
function confirmsScreening(context: AssessmentContext, event: AssessmentEvent): boolean {
  return (
    event.type === 'CONFIRM_SCREENING' &&
    isReviewer(context, event.actor, 'privacy_officer') &&
    (event.outcome === event.facts?.proposedOutcome || (event.reason ?? '').trim().length > 0)
  );
}

/** Who cleared legal review in any round of this cycle; a snapshot stored without the list names the latest only. */
function legalClearers(context: AssessmentContext): string[] {
  const all = [...(context.legalClearers ?? []), ...(context.legalClearedBy ? [context.legalClearedBy] : [])];
  return [...new Set(all)];
}

/** The approver is never a legal counsel who cleared any round of the same cycle. */
function approves(context: AssessmentContext, event: AssessmentEvent): boolean {
  return isReviewer(context, event.actor, 'approver') && !legalClearers(context).includes(event.actor.id);
}

/**
 * What every review stage shares: the owner may withdraw, the privacy officer assigns reviewers, and a
 * passed deadline first reminds the stage's reviewer, then escalates to the privacy office.
 */
function reviewStage(reviewerRole: 'privacy_officer' | 'legal_counsel' | 'approver') {
  return {
    WITHDRAW: { guard: 'owner', target: 'withdrawn' },
    ASSIGN: {
      guard: 'assignable',
      actions: ['assignReviewer', { type: 'notify', params: { to: 'assignee', reason: 'assigned' } }],
    },
    DEADLINE_PASSED: [
      {
        guard: 'systemFirstOverdue',
        actions: ['countOverdue', { type: 'notify', params: { to: reviewerRole, reason: 'deadline_passed' } }],
      },
      {
        guard: 'system',
        actions: ['countOverdue', { type: 'notify', params: { to: 'privacy_officer', reason: 'escalated' } }],
      },
    ],
  } as const;
}

type Notify = { to: 'owner' | 'privacy_officer' | 'legal_counsel' | 'approver' | 'assignee'; reason: string };

export const assessmentMachineV1 = setup({
  types: {
    context: {} as AssessmentContext,
    events: {} as AssessmentEvent,
    input: {} as { ownerId: string },
  },
  guards: {
    ownerAndComplete: ({ context, event }) => isOwner(context, event.actor) && event.facts?.complete === true,
    owner: ({ context, event }) => isOwner(context, event.actor),
    ownerOrPrivacyOfficer: ({ context, event }) =>
      isOwner(context, event.actor) || isReviewer(context, event.actor, 'privacy_officer'),
    privacyOfficer: ({ context, event }) => isReviewer(context, event.actor, 'privacy_officer'),
    legalCounsel: ({ context, event }) => isReviewer(context, event.actor, 'legal_counsel'),
    approver: ({ context, event }) => approves(context, event),
    system: ({ event }) => has(event.actor, 'system'),
    /** Remediation ends only when the engine finds no open action item (checked under the row lock). */
    conditionsMet: ({ event }) => has(event.actor, 'system') && event.facts?.openActionItems === 0,
    systemFirstOverdue: ({ context, event }) => has(event.actor, 'system') && context.overdueCount === 0,
    screeningConfirmed: ({ context, event }) => confirmsScreening(context, event),
    screenedOut: ({ context, event }) =>
      confirmsScreening(context, event) && (event as { outcome?: string }).outcome === 'not_required',
    /** The risk stage is done when every risk is treated; the service says so. */
    riskAssessedByOfficer: ({ context, event }) =>
      isReviewer(context, event.actor, 'privacy_officer') && event.facts?.riskComplete !== false,
    /** Legal review at high residual risk or with a legal flag; the service says which. */
    riskAssessedNeedingLegalReview: ({ context, event }) =>
      isReviewer(context, event.actor, 'privacy_officer') &&
      event.facts?.riskComplete !== false &&
      event.facts?.legalReviewRequired !== false,
    approverWithConditions: ({ context, event }) =>
      approves(context, event) && event.type === 'APPROVE' && (event.conditions?.length ?? 0) > 0,
    /**
     * Any privacy officer but the owner assigns reviewers (so an assignee who left can be replaced); nobody
     * is assigned to review their own assessment, nor both to counsel and approve.
     */
    assignable: ({ context, event }) => {
      if (event.type !== 'ASSIGN' || !has(event.actor, 'privacy_officer') || isOwner(context, event.actor))
        return false;
      if (event.userId === context.ownerId || event.facts?.assigneeHasRole !== true) return false;
      const other =
        event.role === 'legal_counsel'
          ? context.assignees.approver
          : event.role === 'approver'
            ? context.assignees.legal_counsel
            : undefined;
      return event.userId !== other && !(event.role === 'approver' && legalClearers(context).includes(event.userId));
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
  },
}).createMachine({
  id: 'assessment',
  initial: 'draft',
  context: ({ input }) => ({
    ownerId: input.ownerId,
    cycle: 1,
    assignees: {},
    screeningOutcome: null,
    legalClearedBy: null,
    legalClearers: [],
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
        ...reviewStage('privacy_officer'),
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
        ...reviewStage('privacy_officer'),
        COMPLETE_RISK_ASSESSMENT: [
          {
            guard: 'riskAssessedNeedingLegalReview',
            target: 'legal_review',
            actions: [{ type: 'notify', params: { to: 'legal_counsel', reason: 'legal_review' } }],
          },
          {
            guard: 'riskAssessedByOfficer',
            target: 'approval',
            actions: [{ type: 'notify', params: { to: 'approver', reason: 'approval' } }],
          },
        ],
        REQUEST_CHANGES: {
          guard: 'privacyOfficer',
          target: 'changes_requested',
          actions: [{ type: 'notify', params: { to: 'owner', reason: 'changes_requested' } }],
        },
      },
    },
    legal_review: {
      entry: 'startStage',
      on: {
        ...reviewStage('legal_counsel'),
        LEGAL_CLEAR: {
          guard: 'legalCounsel',
          target: 'approval',
          actions: [
            assign({
              legalClearedBy: ({ event }) => event.actor.id,
              legalClearers: ({ context, event }) => [...new Set([...legalClearers(context), event.actor.id])],
            }),
            { type: 'notify', params: { to: 'approver', reason: 'approval' } },
          ],
        },
        REQUEST_CHANGES: {
          guard: 'legalCounsel',
          target: 'changes_requested',
          actions: [{ type: 'notify', params: { to: 'owner', reason: 'changes_requested' } }],
        },
      },
    },
    approval: {
      entry: 'startStage',
      on: {
        ...reviewStage('approver'),
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
        REQUEST_CHANGES: {
          guard: 'approver',
          target: 'changes_requested',
          actions: [{ type: 'notify', params: { to: 'owner', reason: 'changes_requested' } }],
        },
      },
    },
    changes_requested: {
      on: {
        RESUBMIT: {
          guard: 'ownerAndComplete',
          target: 'screening',
          actions: [{ type: 'notify', params: { to: 'privacy_officer', reason: 'resubmitted' } }],
        },
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
              legalClearedBy: null,
              legalClearers: [],
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
