import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type {
  AssessmentEvent,
  EventActor,
  EventFacts,
  ReviewApplicability,
  ReviewName,
} from './assessment-machine.types';
import { SYSTEM_ACTOR } from './assessment-machine.types';
import { assessmentMachineV2 as machine } from './assessment.machine.v2';

type Snapshot = SnapshotFrom<typeof machine>;
type EventInput = AssessmentEvent extends infer E
  ? E extends AssessmentEvent
    ? Omit<E, 'actor' | 'facts'>
    : never
  : never;

const owner: EventActor = { id: 'owner', roles: ['project_owner'] };
const officer: EventActor = { id: 'po', roles: ['privacy_officer'] };
const counsel: EventActor = { id: 'lc', roles: ['legal_counsel'] };
const security: EventActor = { id: 'sr', roles: ['security_reviewer'] };
const equity: EventActor = { id: 'er', roles: ['equity_reviewer'] };
const approver: EventActor = { id: 'ap', roles: ['approver'] };
const REVIEWER: Record<ReviewName, EventActor> = { privacy: officer, legal: counsel, security, equity };

const applies = (reason: string): ReviewApplicability => ({ applies: true, reason });
const notRequired: ReviewApplicability = { applies: false, reason: 'not required' };
const ALL: EventFacts['reviews'] = {
  privacy: applies('always'),
  legal: applies('high residual risk'),
  security: applies('sensitive data'),
  equity: applies('surveillance technology'),
};

const facts: EventFacts = {
  complete: true,
  proposedOutcome: 'pia',
  riskComplete: true,
  assigneeHasRole: true,
  openActionItems: 0,
  reviews: ALL,
  changedReviews: [],
};

function start(): Snapshot {
  return initialTransition(machine, { ownerId: 'owner' })[0];
}

function send(snapshot: Snapshot, actor: EventActor, event: EventInput, extraFacts: EventFacts = {}) {
  const full = { ...event, actor, facts: { ...facts, ...extraFacts } } as AssessmentEvent;
  if (!snapshot.can(full))
    throw new Error(`${event.type} by ${actor.id} not allowed in ${JSON.stringify(snapshot.value)}`);
  const [next, actions] = transition(machine, snapshot, full);
  return { next, actions: actions.map((a) => ({ type: a.type, params: a.params })) };
}

const can = (snapshot: Snapshot, actor: EventActor, event: EventInput, extraFacts: EventFacts = {}) =>
  snapshot.can({ ...event, actor, facts: { ...facts, ...extraFacts } } as AssessmentEvent);

const clear = (s: Snapshot, name: ReviewName, by = REVIEWER[name]) =>
  send(s, by, { type: 'CLEAR_REVIEW', review: name }).next;
const regions = (s: Snapshot) => (s.value as { review: Record<ReviewName, string> }).review;

/** Drives a fresh assessment into review with the reviews that `reviews` says apply. */
function toReview(reviews: EventFacts['reviews'] = ALL): Snapshot {
  let s = send(start(), owner, { type: 'SUBMIT' }).next;
  s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
  return send(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }, { reviews }).next;
}

describe('assessment machine v2', () => {
  it('enters review with every applicable review open, the others not applicable, and their reasons stored', () => {
    let s = send(start(), owner, { type: 'SUBMIT' }).next;
    s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
    const step = send(
      s,
      officer,
      { type: 'COMPLETE_RISK_ASSESSMENT' },
      { reviews: { ...ALL, security: notRequired, equity: notRequired } },
    );
    expect(step.next.value).toEqual({
      review: { privacy: 'open', legal: 'open', security: 'not_applicable', equity: 'not_applicable' },
    });
    expect(step.next.context.reviews?.legal).toEqual({
      applies: true,
      reason: 'high residual risk',
      clearedBy: null,
      findings: null,
      answersVersion: null,
      changesRequested: false,
      clearers: [],
    });
    expect(step.next.context.reviews?.security.reason).toBe('not required');
    // Each open review's reviewers hear of it.
    expect(step.actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([
      { to: 'privacy_officer', reason: 'privacy_review' },
      { to: 'legal_counsel', reason: 'legal_review' },
    ]);
  });

  it('always holds a privacy review, whatever the facts say', () => {
    const s = toReview({ privacy: notRequired, legal: notRequired, security: notRequired, equity: notRequired });
    expect(regions(s).privacy).toBe('open');
    expect(s.context.reviews?.privacy.applies).toBe(true);
  });

  it('does not leave the risk stage without the server saying which reviews apply, nor with risks untreated', () => {
    let s = send(start(), owner, { type: 'SUBMIT' }).next;
    s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
    expect(can(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }, { reviews: undefined })).toBe(false);
    expect(can(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }, { riskComplete: false })).toBe(false);
    expect(can(s, counsel, { type: 'COMPLETE_RISK_ASSESSMENT' })).toBe(false);
  });

  it('goes to approval only once every applicable review is cleared, keeping each one’s findings', () => {
    let s = toReview({ ...ALL, equity: notRequired });
    s = send(
      s,
      officer,
      { type: 'CLEAR_REVIEW', review: 'privacy', findings: 'Retention is set.' },
      { answersVersion: 7 },
    ).next;
    s = clear(s, 'legal');
    expect(regions(s)).toEqual({ privacy: 'cleared', legal: 'cleared', security: 'open', equity: 'not_applicable' });
    expect(can(s, approver, { type: 'APPROVE' })).toBe(false);
    const step = send(s, security, { type: 'CLEAR_REVIEW', review: 'security' });
    expect(step.next.value).toBe('approval');
    expect(step.actions).toContainEqual({ type: 'notify', params: { to: 'approver', reason: 'approval' } });
    expect(step.next.context.reviews?.privacy).toMatchObject({
      clearedBy: 'po',
      findings: 'Retention is set.',
      answersVersion: 7,
    });
    expect(send(step.next, approver, { type: 'APPROVE' }).next.value).toBe('approved');
  });

  describe.each(['privacy', 'legal', 'security', 'equity'] as const)('the %s review', (name) => {
    const reviewer = REVIEWER[name];
    const others = (Object.keys(REVIEWER) as ReviewName[]).filter((n) => n !== name);

    it('is cleared or sent back by its own reviewer only, never the owner nor another review’s', () => {
      const s = toReview();
      expect(can(s, reviewer, { type: 'CLEAR_REVIEW', review: name })).toBe(true);
      expect(can(s, reviewer, { type: 'REQUEST_CHANGES', review: name, reason: 'r' })).toBe(true);
      for (const other of others) {
        expect(can(s, REVIEWER[other], { type: 'CLEAR_REVIEW', review: name })).toBe(false);
        expect(can(s, REVIEWER[other], { type: 'REQUEST_CHANGES', review: name, reason: 'r' })).toBe(false);
      }
      expect(can(s, approver, { type: 'CLEAR_REVIEW', review: name })).toBe(false);
      const ownerWithRole = { id: 'owner', roles: ['project_owner', ...reviewer.roles] };
      expect(can(s, ownerWithRole, { type: 'CLEAR_REVIEW', review: name })).toBe(false);
    });

    it('answers only to its assignee once one is named', () => {
      const colleague = { id: `${reviewer.id}-2`, roles: reviewer.roles };
      const s = send(toReview(), officer, {
        type: 'ASSIGN',
        role: REVIEWER[name].roles[0] as never,
        userId: colleague.id,
      }).next;
      expect(can(s, reviewer, { type: 'CLEAR_REVIEW', review: name })).toBe(false);
      expect(can(s, colleague, { type: 'CLEAR_REVIEW', review: name })).toBe(true);
    });

    it('is not open to anyone when it does not apply', () => {
      const s = toReview({ ...ALL, ...(name === 'privacy' ? {} : { [name]: notRequired }) });
      if (name === 'privacy') return expect(regions(s).privacy).toBe('open');
      expect(regions(s)[name]).toBe('not_applicable');
      expect(can(s, reviewer, { type: 'CLEAR_REVIEW', review: name })).toBe(false);
      expect(can(s, reviewer, { type: 'REQUEST_CHANGES', review: name, reason: 'r' })).toBe(false);
    });

    it('cannot be cleared by someone who cleared another review of the cycle', () => {
      const both = { id: 'both', roles: [...reviewer.roles, ...REVIEWER[others[0]].roles] };
      const s = clear(toReview(), others[0], both);
      expect(can(s, both, { type: 'CLEAR_REVIEW', review: name })).toBe(false);
      expect(can(s, both, { type: 'REQUEST_CHANGES', review: name, reason: 'r' })).toBe(false);
      expect(can(s, reviewer, { type: 'CLEAR_REVIEW', review: name })).toBe(true);
    });

    it('once cleared, bars its reviewer from approving the cycle', () => {
      const reviewerAndApprover = { id: 'dual', roles: [...reviewer.roles, 'approver'] };
      let s = clear(toReview(), name, reviewerAndApprover);
      for (const other of others) s = clear(s, other);
      expect(s.value).toBe('approval');
      expect(can(s, reviewerAndApprover, { type: 'APPROVE' })).toBe(false);
      expect(can(s, reviewerAndApprover, { type: 'REJECT', reason: 'r' })).toBe(false);
      expect(can(s, approver, { type: 'APPROVE' })).toBe(true);
    });

    it('asking for changes sends the assessment to its owner, and resubmission reopens it alone', () => {
      let s = toReview();
      for (const other of others) s = clear(s, other);
      const step = send(s, reviewer, { type: 'REQUEST_CHANGES', review: name, reason: 'Explain the retention.' });
      expect(step.next.value).toBe('changes_requested');
      expect(step.actions).toContainEqual({ type: 'notify', params: { to: 'owner', reason: 'changes_requested' } });
      const back = send(step.next, owner, { type: 'RESUBMIT' });
      expect(regions(back.next)).toEqual({ ...Object.fromEntries(others.map((o) => [o, 'cleared'])), [name]: 'open' });
      expect(back.actions).toContainEqual({
        type: 'notify',
        params: { to: REVIEWER[name].roles[0], reason: `${name}_review` },
      });
    });
  });

  it('holds two reviews at once: one clears, one asks; resubmitted, only the one that asked reopens', () => {
    let s = toReview({ ...ALL, security: notRequired, equity: notRequired });
    s = clear(s, 'privacy');
    s = send(s, counsel, { type: 'REQUEST_CHANGES', review: 'legal', reason: 'Which statute?' }).next;
    expect(s.context.reviews?.legal.changesRequested).toBe(true);
    s = send(s, owner, { type: 'RESUBMIT' }).next;
    expect(regions(s)).toEqual({
      privacy: 'cleared',
      legal: 'open',
      security: 'not_applicable',
      equity: 'not_applicable',
    });
    expect(can(s, approver, { type: 'APPROVE' })).toBe(false);
    expect(clear(s, 'legal').value).toBe('approval');
  });

  it('reopens a cleared review whose relied-on answers changed, and keeps open what never finished', () => {
    let s = toReview();
    s = clear(s, 'privacy');
    s = clear(s, 'security');
    s = send(s, counsel, { type: 'REQUEST_CHANGES', review: 'legal', reason: 'r' }).next;
    s = send(s, owner, { type: 'RESUBMIT' }, { changedReviews: ['security'] }).next;
    expect(regions(s)).toEqual({ privacy: 'cleared', legal: 'open', security: 'open', equity: 'open' });
    // The security reviewer who cleared the earlier round may clear again; the clearance is recorded anew.
    expect(s.context.reviews?.security).toMatchObject({ clearedBy: null, clearers: ['sr'] });
    expect(can(s, security, { type: 'CLEAR_REVIEW', review: 'security' })).toBe(true);
  });

  it('bars from approval a reviewer who cleared an earlier round of the cycle, even once reopened', () => {
    const dual = { id: 'dual', roles: ['security_reviewer', 'approver'] };
    let s = toReview({ ...ALL, legal: notRequired, equity: notRequired });
    s = clear(s, 'security', dual);
    s = send(s, officer, { type: 'REQUEST_CHANGES', review: 'privacy', reason: 'r' }).next;
    s = send(s, owner, { type: 'RESUBMIT' }, { changedReviews: ['security'] }).next;
    s = clear(s, 'security');
    s = clear(s, 'privacy');
    expect(s.value).toBe('approval');
    expect(can(s, dual, { type: 'APPROVE' })).toBe(false);
  });

  it('resubmits to screening when changes were asked before review, as v1', () => {
    let s = send(start(), owner, { type: 'SUBMIT' }).next;
    s = send(s, officer, { type: 'REQUEST_CHANGES', reason: 'r' }).next;
    expect(send(s, owner, { type: 'RESUBMIT' }).next.value).toBe('screening');
    s = send(send(s, owner, { type: 'RESUBMIT' }).next, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
    s = send(s, officer, { type: 'REQUEST_CHANGES', reason: 'r' }).next;
    expect(send(s, owner, { type: 'RESUBMIT' }).next.value).toBe('screening');
  });

  it('refuses resubmission while the questionnaire is incomplete, and resubmission by anyone but the owner', () => {
    let s = toReview();
    s = send(s, officer, { type: 'REQUEST_CHANGES', review: 'privacy', reason: 'r' }).next;
    expect(can(s, owner, { type: 'RESUBMIT' }, { complete: false })).toBe(false);
    expect(can(s, officer, { type: 'RESUBMIT' })).toBe(false);
  });

  it('sends the approver’s changes back to review, where only reviews whose answers changed reopen', () => {
    let s = toReview({ ...ALL, equity: notRequired });
    for (const name of ['privacy', 'legal', 'security'] as const) s = clear(s, name);
    s = send(s, approver, { type: 'REQUEST_CHANGES', reason: 'Clarify the vendor.' }).next;
    expect(s.value).toBe('changes_requested');
    const unchanged = send(s, owner, { type: 'RESUBMIT' }).next;
    expect(unchanged.value).toBe('approval');
    const changed = send(s, owner, { type: 'RESUBMIT' }, { changedReviews: ['legal'] }).next;
    expect(regions(changed)).toEqual({
      privacy: 'cleared',
      legal: 'open',
      security: 'cleared',
      equity: 'not_applicable',
    });
  });

  it('keeps the approver apart from every reviewer when assigning, and reviewers apart from each other', () => {
    const s = toReview();
    const assign = (snapshot: Snapshot, role: string, userId: string) =>
      send(snapshot, officer, { type: 'ASSIGN', role: role as never, userId }).next;
    const withLegal = assign(s, 'legal_counsel', 'x');
    expect(can(withLegal, officer, { type: 'ASSIGN', role: 'approver', userId: 'x' })).toBe(false);
    expect(can(withLegal, officer, { type: 'ASSIGN', role: 'security_reviewer', userId: 'x' })).toBe(false);
    expect(can(withLegal, officer, { type: 'ASSIGN', role: 'security_reviewer', userId: 'y' })).toBe(true);
    const withApprover = assign(s, 'approver', 'z');
    expect(can(withApprover, officer, { type: 'ASSIGN', role: 'equity_reviewer', userId: 'z' })).toBe(false);
    expect(can(s, officer, { type: 'ASSIGN', role: 'equity_reviewer', userId: 'owner' })).toBe(false);
    expect(can(s, officer, { type: 'ASSIGN', role: 'equity_reviewer', userId: 'y' }, { assigneeHasRole: false })).toBe(
      false,
    );
    // Nobody who cleared a review of the cycle is made its approver.
    const cleared = clear(s, 'legal');
    expect(can(cleared, officer, { type: 'ASSIGN', role: 'approver', userId: 'lc' })).toBe(false);
  });

  it('reminds the open reviews when the review deadline passes, then escalates to the privacy office', () => {
    let s = clear(toReview(), 'privacy');
    const first = send(s, SYSTEM_ACTOR, { type: 'DEADLINE_PASSED' });
    expect(first.next.context.overdueCount).toBe(1);
    expect(first.actions).toContainEqual({ type: 'notify', params: { to: 'open_reviews', reason: 'deadline_passed' } });
    s = send(first.next, SYSTEM_ACTOR, { type: 'DEADLINE_PASSED' }).next;
    expect(s.context).toMatchObject({ overdueCount: 2, escalated: true });
    expect(regions(s).privacy).toBe('cleared');
  });

  it('lets the owner withdraw during review, and no one else', () => {
    const s = toReview();
    expect(can(s, officer, { type: 'WITHDRAW' })).toBe(false);
    expect(send(s, owner, { type: 'WITHDRAW' }).next.value).toBe('withdrawn');
  });

  it('starts a new cycle on REASSESS with no reviews and no clearers', () => {
    let s = toReview({ ...ALL, legal: notRequired, security: notRequired, equity: notRequired });
    s = clear(s, 'privacy');
    s = send(s, approver, { type: 'APPROVE' }).next;
    s = send(s, owner, { type: 'REASSESS' }).next;
    expect(s.value).toBe('draft');
    expect(s.context).toMatchObject({ cycle: 2, reviews: null, resumeAt: 'screening', assignees: {} });
  });

  it('closes at screening when no assessment is required, as v1', () => {
    const s = send(start(), owner, { type: 'SUBMIT' }).next;
    expect(
      send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'not_required', reason: 'no personal data' }).next.value,
    ).toBe('closed_not_required');
  });

  it('knows nothing of v1’s legal clearance', () => {
    expect(can(toReview(), counsel, { type: 'LEGAL_CLEAR' })).toBe(false);
  });
});
