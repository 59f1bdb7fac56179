/** The vocabulary shared by every version of the assessment machine. Plain types: no Nest, no TypeORM. */

export type ScreeningOutcome = 'not_required' | 'pia' | 'sir';
export type AssignableRole = 'privacy_officer' | 'legal_counsel' | 'approver';

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
  | { type: 'REQUEST_CHANGES'; reason: string }
  | { type: 'RESUBMIT' }
  | { type: 'COMPLETE_RISK_ASSESSMENT' }
  | { type: 'ASSIGN'; role: AssignableRole; userId: string }
  | { type: 'LEGAL_CLEAR'; findings?: string }
  | { type: 'APPROVE'; conditions?: ApprovalCondition[]; reason?: string }
  | { type: 'REJECT'; reason: string }
  | { type: 'REASSESS'; reason?: string }
  | { type: 'DEADLINE_PASSED' }
  | { type: 'CONDITIONS_MET' }
>;

export type AssessmentEventType = AssessmentEvent['type'];

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

/** Side effects a transition asks for. They run after commit, from the outbox, idempotently. */
export const OUTBOX_ACTIONS = ['notify', 'renderDecision', 'createActionItems'] as const;
export type OutboxActionType = (typeof OUTBOX_ACTIONS)[number];

/** The context in an assessment's stored snapshot, for reads that need no machine (a page's words). */
export function storedContextOf(snapshot: Record<string, unknown>): Partial<AssessmentContext> {
  return (snapshot as { context?: Partial<AssessmentContext> }).context ?? {};
}
