import { counted, label, ROLE_LABELS, SCREENING_OUTCOME_LABELS } from '../../common/labels';
import type { AssessmentState } from '../../assessments/assessment-state';
import type { Role } from '../../common/auth/roles';
import type { ScreeningOutcome } from '../assessment-machine.types';

/** An event of the chain as WorkflowHistoryService reads it (what the timeline needs of it). */
export interface ChainEvent {
  type: string;
  from: string | null;
  to: string;
  actor: { displayName: string } | undefined;
  at: Date;
  payload: Record<string, unknown>;
}

const DAY_MS = 86_400_000;

/**
 * The process as the step indicator shows it: each step and the stages that sit in it. Workflow v1 has a legal review
 * step; v2 has the named reviews, held at once, in its place.
 */
const STEPS_V1: { label: string; stages: readonly AssessmentState[] }[] = [
  { label: 'Answers', stages: ['draft', 'changes_requested'] },
  { label: 'Screening', stages: ['screening'] },
  { label: 'Risk assessment', stages: ['risk_assessment'] },
  { label: 'Legal review', stages: ['legal_review'] },
  { label: 'Approval', stages: ['approval'] },
  { label: 'Decision', stages: ['approved', 'rejected', 'remediation', 'closed_not_required'] },
];
const STEPS_V2 = STEPS_V1.map((step) =>
  step.label === 'Legal review' ? { label: 'Reviews', stages: ['review'] as const } : step,
);

export const stageLabel = (state: string) => label.stage(state);

/** Where the stage sits in the process; null for a withdrawn assessment, which left it. */
export function stepsOf(state: string, machineVersion = 'v1') {
  const STEPS = machineVersion === 'v1' ? STEPS_V1 : STEPS_V2;
  const current = STEPS.findIndex((step) => step.stages.includes(state as AssessmentState));
  if (current < 0) return null;
  return {
    current: current + 1,
    total: STEPS.length,
    label: STEPS[current].label,
    steps: STEPS.map((step, i) => ({
      label: step.label,
      complete: i < current,
      current: i === current,
    })),
  };
}

/** The stage's deadline, and whether it has passed, in words (never in colour alone). */
/**
 * The stage's deadline in words. After a reminder the engine moves the deadline column on to the next reminder, so
 * `reminders` (the machine's overdue count) says the stage is overdue although that column lies ahead.
 */
export function deadlineOf(deadline: Date | null, now: Date, reminders = 0) {
  if (!deadline) return null;
  const days = Math.round(Math.abs(deadline.getTime() - now.getTime()) / DAY_MS);
  const passed = deadline.getTime() < now.getTime();
  const distance = days === 0 ? 'today' : passed ? `${counted(days, 'day')} ago` : `in ${counted(days, 'day')}`;
  const reminded = reminders > 0 ? counted(reminders, 'reminder') : null;
  return { at: deadline.toISOString(), overdue: passed || reminded !== null, reminded, distance };
}

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);

/** What an event adds to "who did what": the title it started with, the outcome, the reason given. */
function detailOf(event: ChainEvent): string | null {
  const p = event.payload;
  switch (event.type) {
    case 'CREATED':
      return text(p.title) && `“${String(p.title)}”, ${String(p.department)}`;
    case 'CONFIRM_SCREENING': {
      const outcome = SCREENING_OUTCOME_LABELS[p.outcome as ScreeningOutcome] ?? String(p.outcome);
      return text(p.reason) ? `${outcome}. ${String(p.reason)}` : outcome;
    }
    case 'ASSIGN':
      return ROLE_LABELS[p.role as Role] ?? null;
    case 'APPROVE': {
      const conditions = Array.isArray(p.conditions) ? p.conditions.length : 0;
      const withConditions = conditions ? `With ${counted(conditions, 'condition')}.` : null;
      return [withConditions, text(p.reason)].filter(Boolean).join(' ') || null;
    }
    case 'LEGAL_CLEAR':
      return text(p.findings);
    case 'CLEAR_REVIEW': {
      const review = `${capitalised(String(p.review))} review.`;
      return text(p.findings) ? `${review} ${String(p.findings)}` : review;
    }
    case 'REQUEST_CHANGES':
      return text(p.review) ? `${capitalised(String(p.review))} review: ${text(p.reason) ?? ''}` : text(p.reason);
    default:
      return text(p.reason);
  }
}

/** The event chain, oldest first, as people read it: who did what, when, and where it left the assessment. */
export function timelineOf(events: ChainEvent[]) {
  return events.map((event) => ({
    who: capitalised(event.actor?.displayName ?? 'someone no longer registered'), // the engine acts as "the engine"
    what: label.event(event.type),
    at: event.at.toISOString(),
    detail: detailOf(event),
    moved: event.from !== null && event.from !== event.to ? stageLabel(event.to) : null,
  }));
}

/** The reviewer's latest request for changes, while the assessment waits on its owner for them. */
export function changesRequestedOf(state: string, events: ChainEvent[]) {
  if (state !== 'changes_requested') return null;
  const request = events.findLast((e) => e.type === 'REQUEST_CHANGES');
  if (!request) return null;
  return {
    who: request.actor?.displayName ?? 'A reviewer',
    at: request.at.toISOString(),
    reason: text(request.payload.reason) ?? 'No reason was given.',
  };
}

/** The privacy officer's confirmation (or override) of screening's proposed outcome in this cycle, if given. */
export function confirmedScreeningOf(events: ChainEvent[]) {
  const confirmed = events.findLast((e) => e.type === 'CONFIRM_SCREENING' || e.type === 'REASSESS');
  if (!confirmed || confirmed.type !== 'CONFIRM_SCREENING') return null;
  return {
    outcome:
      SCREENING_OUTCOME_LABELS[confirmed.payload.outcome as ScreeningOutcome] ?? String(confirmed.payload.outcome),
    who: confirmed.actor?.displayName ?? 'The privacy office',
    reason: text(confirmed.payload.reason),
  };
}
