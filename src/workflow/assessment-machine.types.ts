/** The vocabulary shared by every version of the assessment machine. Plain types: no Nest, no TypeORM. */
import type { StateValue } from 'xstate';

export type ScreeningOutcome = 'not_required' | 'pia' | 'sir';
export type AssignableRole = 'privacy_officer' | 'legal_counsel' | 'approver' | ReviewerRole;

/** Machine v2's named reviews, held in parallel; each is cleared by a holder of its role. */
export const REVIEW_NAMES = ['privacy', 'legal', 'security', 'equity'] as const;
export type ReviewName = (typeof REVIEW_NAMES)[number];
export const REVIEW_ROLE = {
  privacy: 'privacy_officer',
  legal: 'legal_counsel',
  security: 'security_reviewer',
  equity: 'equity_reviewer',
} as const satisfies Record<ReviewName, string>;
export type ReviewerRole = (typeof REVIEW_ROLE)[ReviewName];

/** Whether a named review applies to an assessment, and why (stored, like screening's routing). */
export interface ReviewApplicability {
  applies: boolean;
  reason: string;
}

/** Who sends an event: a person with roles, or the engine itself (deadlines, closed action items). */
export interface EventActor {
  id: string;
  roles: string[];
}
export const SYSTEM_ACTOR: EventActor = { id: 'system', roles: ['system'] };

/** What the server works out before an event is tried; never taken from the client. */
export interface EventFacts {
  /** Every required question is answered (SUBMIT, RESUBMIT). */
  complete?: boolean;
  /** Screening's proposed outcome (CONFIRM_SCREENING: overriding it needs a reason). */
  proposedOutcome?: ScreeningOutcome;
  /** Residual risk is high or a legal flag is set (COMPLETE_RISK_ASSESSMENT). */
  legalReviewRequired?: boolean;
  /** Every risk has a treatment and a residual score, and a measure where the model asks (COMPLETE_RISK_ASSESSMENT). */
  riskComplete?: boolean;
  /** The user named by ASSIGN is active, holds the role and can reach the assessment. */
  assigneeHasRole?: boolean;
  /** Action items still open (CONDITIONS_MET). */
  openActionItems?: number;
  /** v2: which named reviews apply, and why (COMPLETE_RISK_ASSESSMENT). */
  reviews?: Record<ReviewName, ReviewApplicability>;
  /** v2: the assessment's version, so a review remembers which answers it cleared (CLEAR_REVIEW). */
  answersVersion?: number;
  /** v2: cleared reviews whose relied-on answers changed since they cleared; they reopen (RESUBMIT). */
  changedReviews?: ReviewName[];
}

/** A question REQUEST_CHANGES names, with what should change; it opens a comment thread (the machine ignores it). */
export interface RequestedChange {
  questionId: string;
  comment: string;
}

export interface ApprovalCondition {
  text: string;
  ownerId?: string;
  dueDate?: string;
}

type WithActor<T> = T & { actor: EventActor; facts?: EventFacts };

export type AssessmentEvent = WithActor<
  | { type: 'SUBMIT' }
  | { type: 'WITHDRAW'; reason?: string }
  | { type: 'CONFIRM_SCREENING'; outcome: ScreeningOutcome; reason?: string }
  | { type: 'REQUEST_CHANGES'; reason: string; review?: ReviewName; questions?: RequestedChange[] }
  | { type: 'RESUBMIT' }
  | { type: 'COMPLETE_RISK_ASSESSMENT' }
  | { type: 'ASSIGN'; role: AssignableRole; userId: string }
  | { type: 'LEGAL_CLEAR'; findings?: string }
  | { type: 'CLEAR_REVIEW'; review: ReviewName; findings?: string }
  | { type: 'APPROVE'; conditions?: ApprovalCondition[]; reason?: string }
  | { type: 'REJECT'; reason: string }
  | { type: 'REASSESS'; reason?: string }
  | { type: 'DEADLINE_PASSED' }
  | { type: 'CONDITIONS_MET' }
>;

export type AssessmentEventType = AssessmentEvent['type'];

type WithoutActor<T> = T extends unknown ? Omit<T, 'actor' | 'facts'> : never;

/**
 * An event as it is sent, from HTTP, a page, a job or the CLI: its type and payload, typed per type. The service adds
 * the actor and the facts. A signed event (APPROVE, REJECT) carries the signer's password until it is confirmed.
 */
export type SentEvent = WithoutActor<AssessmentEvent> & { password?: string };

export interface AssessmentContext {
  ownerId: string;
  /** 1 for the first review; REASSESS starts the next. */
  cycle: number;
  assignees: Partial<Record<AssignableRole, string>>;
  screeningOutcome: ScreeningOutcome | null;
  /** The legal counsel who cleared the latest round of this cycle. */
  legalClearedBy: string | null;
  /**
   * Everyone who cleared legal review in any round of this cycle (changes requested and resubmitted make a
   * new round): none of them may approve it. Snapshots stored before this list existed lack it until the
   * LegalClearers migration fills it from the event chain.
   */
  legalClearers?: string[];
  /** Deadlines passed in the current stage: the first reminds, later ones escalate. */
  overdueCount: number;
  escalated: boolean;
}

/** Where one of v2's named reviews stands in the current cycle. */
export interface NamedReview extends ReviewApplicability {
  /** Who cleared it in the latest round; null while open, after it asked for changes, or once reopened. */
  clearedBy: string | null;
  /** Its findings when it cleared, for the decision document. */
  findings: string | null;
  /** The assessment's version when it cleared: what "an answer it relied on changed since" compares against. */
  answersVersion: number | null;
  /** It asked for changes in the latest round: resubmission reopens it. */
  changesRequested: boolean;
  /** Everyone who cleared it in any round of this cycle (separation of duties looks at all rounds). */
  clearers: string[];
}

/**
 * Machine v2's context: v1's without the legal-review fields (legal review is one of the named reviews),
 * plus the named reviews and where a resubmission resumes.
 */
export interface AssessmentContextV2 extends Omit<AssessmentContext, 'legalClearedBy' | 'legalClearers'> {
  /** Null until the risk stage completes and the server says which reviews apply. */
  reviews: Record<ReviewName, NamedReview> | null;
  /** Where RESUBMIT resumes: screening until review begins in the cycle (as v1), review from then on. */
  resumeAt: 'screening' | 'review';
}

/** Side effects a transition asks for. They run after commit, from the outbox, idempotently. */
export const OUTBOX_ACTIONS = ['notify', 'renderDecision', 'createActionItems'] as const;
export type OutboxActionType = (typeof OUTBOX_ACTIONS)[number];

/**
 * The stage an assessments row stores for a machine state: the state itself, or for a parallel state (v2's
 * `review`) its top-level name; the regions stay in the snapshot.
 */
export function stageOf(value: StateValue): string {
  return typeof value === 'string' ? value : Object.keys(value)[0];
}

/** A legal clearance in the event chain: v1's LEGAL_CLEAR, or v2's CLEAR_REVIEW of the legal review. */
export function clearsLegal(event: { type: string; payload: Record<string, unknown> }): boolean {
  return event.type === 'LEGAL_CLEAR' || (event.type === 'CLEAR_REVIEW' && event.payload.review === 'legal');
}

/** The context in an assessment's stored snapshot, for reads that need no machine (a page's words). */
export function storedContextOf(
  snapshot: Record<string, unknown>,
): Partial<AssessmentContext> & Partial<AssessmentContextV2> {
  return (snapshot as { context?: Partial<AssessmentContext> & Partial<AssessmentContextV2> }).context ?? {};
}
