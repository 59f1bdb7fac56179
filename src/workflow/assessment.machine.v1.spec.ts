import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { AssessmentEvent, EventActor, EventFacts } from './assessment-machine.types';
import { SYSTEM_ACTOR } from './assessment-machine.types';
import { assessmentMachineV1 as machine } from './assessment.machine.v1';

type Snapshot = SnapshotFrom<typeof machine>;
type EventInput = AssessmentEvent extends infer E
  ? E extends AssessmentEvent
    ? Omit<E, 'actor' | 'facts'>
    : never
  : never;

const owner: EventActor = { id: 'owner', roles: ['project_owner'] };
const officer: EventActor = { id: 'po', roles: ['privacy_officer'] };
const counsel: EventActor = { id: 'lc', roles: ['legal_counsel'] };
const approver: EventActor = { id: 'ap', roles: ['approver'] };
const counselAndApprover: EventActor = { id: 'both', roles: ['legal_counsel', 'approver'] };

const facts: EventFacts = {
  complete: true,
  proposedOutcome: 'pia',
  legalReviewRequired: true,
  riskComplete: true,
  assigneeHasRole: true,
  openActionItems: 0,
};

function start(): Snapshot {
  return initialTransition(machine, { ownerId: 'owner' })[0];
}

function send(snapshot: Snapshot, actor: EventActor, event: EventInput, extraFacts: EventFacts = {}) {
  const full = { ...event, actor, facts: { ...facts, ...extraFacts } } as AssessmentEvent;
  if (!snapshot.can(full)) throw new Error(`${event.type} by ${actor.id} not allowed in ${String(snapshot.value)}`);
  const [next, actions] = transition(machine, snapshot, full);
  return { next, actions: actions.map((a) => ({ type: a.type, params: a.params })) };
}

const can = (snapshot: Snapshot, actor: EventActor, event: EventInput, extraFacts: EventFacts = {}) =>
  snapshot.can({ ...event, actor, facts: { ...facts, ...extraFacts } } as AssessmentEvent);

/** Drives a fresh assessment to approval through legal review. */
function toApproval(legalBy: EventActor = counsel): Snapshot {
  let s = send(start(), owner, { type: 'SUBMIT' }).next;
  s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
  s = send(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }).next;
  return send(s, legalBy, { type: 'LEGAL_CLEAR' }).next;
}

describe('assessment machine v1', () => {
  it('runs the main path draft → screening → risk → legal → approval → approved, asking for the side effects', () => {
    let step = send(start(), owner, { type: 'SUBMIT' });
    expect(step.next.value).toBe('screening');
    expect(step.actions).toEqual([{ type: 'notify', params: { to: 'privacy_officer', reason: 'submitted' } }]);
    step = send(step.next, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    expect(step.next.value).toBe('risk_assessment');
    expect(step.next.context.screeningOutcome).toBe('pia');
    step = send(step.next, officer, { type: 'COMPLETE_RISK_ASSESSMENT' });
    expect(step.next.value).toBe('legal_review');
    step = send(step.next, counsel, { type: 'LEGAL_CLEAR' });
    expect(step.next.value).toBe('approval');
    expect(step.next.context.legalClearedBy).toBe('lc');
    step = send(step.next, approver, { type: 'APPROVE' });
    expect(step.next.value).toBe('approved');
    expect(step.actions).toEqual([
      { type: 'renderDecision', params: { outcome: 'approved' } },
      { type: 'notify', params: { to: 'owner', reason: 'approved' } },
    ]);
  });

  it('does not leave the risk stage until every risk is treated', () => {
    let s = send(start(), owner, { type: 'SUBMIT' }).next;
    s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
    expect(can(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }, { riskComplete: false })).toBe(false);
  });

  it('skips legal review when the service says it is not required', () => {
    let s = send(start(), owner, { type: 'SUBMIT' }).next;
    s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
    expect(send(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }, { legalReviewRequired: false }).next.value).toBe(
      'approval',
    );
  });

  it('closes when screening finds no PIA needed, with a decision document', () => {
    const s = send(start(), owner, { type: 'SUBMIT' }).next;
    const step = send(
      s,
      officer,
      { type: 'CONFIRM_SCREENING', outcome: 'not_required' },
      { proposedOutcome: 'not_required' },
    );
    expect(step.next.value).toBe('closed_not_required');
    expect(step.next.status).toBe('done');
    expect(step.actions[0]).toEqual({ type: 'renderDecision', params: { outcome: 'closed_not_required' } });
  });

  it('needs a reason to override the proposed screening outcome', () => {
    const s = send(start(), owner, { type: 'SUBMIT' }).next;
    expect(can(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'not_required' })).toBe(false);
    expect(can(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'not_required', reason: '   ' })).toBe(false);
    expect(
      can(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'not_required', reason: 'Only staff directory data.' }),
    ).toBe(true);
  });

  it('refuses submission of an incomplete assessment, and by anyone but the owner', () => {
    expect(can(start(), owner, { type: 'SUBMIT' }, { complete: false })).toBe(false);
    expect(can(start(), officer, { type: 'SUBMIT' })).toBe(false);
  });

  describe('separation of duties', () => {
    it('an owner never screens, reviews or approves their own assessment, whatever roles they hold', () => {
      const ownerReviewer: EventActor = {
        id: 'owner',
        roles: ['project_owner', 'privacy_officer', 'legal_counsel', 'approver'],
      };
      let s = send(start(), ownerReviewer, { type: 'SUBMIT' }).next;
      expect(can(s, ownerReviewer, { type: 'CONFIRM_SCREENING', outcome: 'pia' })).toBe(false);
      expect(can(s, ownerReviewer, { type: 'REQUEST_CHANGES', reason: 'x' })).toBe(false);
      s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
      s = send(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }).next;
      expect(can(s, ownerReviewer, { type: 'LEGAL_CLEAR' })).toBe(false);
      s = send(s, counsel, { type: 'LEGAL_CLEAR' }).next;
      expect(can(s, ownerReviewer, { type: 'APPROVE' })).toBe(false);
    });

    it('the legal counsel who cleared a cycle cannot approve it', () => {
      const s = toApproval(counselAndApprover);
      expect(can(s, counselAndApprover, { type: 'APPROVE' })).toBe(false);
      expect(can(s, counselAndApprover, { type: 'REJECT', reason: 'x' })).toBe(false);
      expect(can(s, approver, { type: 'APPROVE' })).toBe(true);
    });

    it('a legal counsel who cleared any round of a cycle cannot approve it, nor be assigned to', () => {
      let s = toApproval(counselAndApprover);
      s = send(s, approver, { type: 'REQUEST_CHANGES', reason: 'Say how long footage is kept.' }).next;
      s = send(s, owner, { type: 'RESUBMIT' }).next;
      s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
      s = send(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }).next;
      s = send(s, counsel, { type: 'LEGAL_CLEAR' }).next;
      expect(s.context).toMatchObject({ legalClearedBy: 'lc', legalClearers: ['both', 'lc'] });
      expect(can(s, counselAndApprover, { type: 'APPROVE' })).toBe(false);
      expect(can(s, counselAndApprover, { type: 'REJECT', reason: 'x' })).toBe(false);
      expect(can(s, officer, { type: 'ASSIGN', role: 'approver', userId: 'both' })).toBe(false);
      expect(can(s, approver, { type: 'APPROVE' })).toBe(true);
    });

    it('a snapshot stored before the clearers were listed still keeps its latest clearer from approving', () => {
      const stored = machine.getPersistedSnapshot(toApproval(counselAndApprover)) as unknown as { context: object };
      const { legalClearers: _, ...context } = stored.context as { legalClearers?: string[] };
      const s = machine.resolveState({ ...stored, context } as never) as Snapshot;
      expect(can(s, counselAndApprover, { type: 'APPROVE' })).toBe(false);
      expect(can(s, approver, { type: 'APPROVE' })).toBe(true);
    });

    it('only the assigned reviewer acts once one is assigned; nobody is assigned both to counsel and approve', () => {
      let s = send(start(), owner, { type: 'SUBMIT' }).next;
      s = send(s, officer, { type: 'ASSIGN', role: 'approver', userId: 'both' }).next;
      expect(s.context.assignees).toEqual({ approver: 'both' });
      expect(can(s, officer, { type: 'ASSIGN', role: 'legal_counsel', userId: 'both' })).toBe(false);
      expect(can(s, officer, { type: 'ASSIGN', role: 'legal_counsel', userId: 'owner' })).toBe(false);
      expect(can(s, officer, { type: 'ASSIGN', role: 'legal_counsel', userId: 'lc' }, { assigneeHasRole: false })).toBe(
        false,
      );
      // Another privacy officer may reassign, e.g. when the assignee has left.
      s = send(s, officer, { type: 'ASSIGN', role: 'privacy_officer', userId: 'po-2' }).next;
      expect(can(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' })).toBe(false);
      expect(can(s, officer, { type: 'ASSIGN', role: 'privacy_officer', userId: 'po' })).toBe(true);
      s = send(s, officer, { type: 'ASSIGN', role: 'privacy_officer', userId: 'po' }).next;
      s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
      s = send(s, officer, { type: 'COMPLETE_RISK_ASSESSMENT' }).next;
      s = send(s, counsel, { type: 'LEGAL_CLEAR' }).next;
      expect(can(s, approver, { type: 'APPROVE' })).toBe(false); // not the assignee
      expect(can(s, counselAndApprover, { type: 'APPROVE' })).toBe(true);
    });
  });

  it('lets each review stage request changes from the owner; RESUBMIT returns to screening', () => {
    let s = send(start(), owner, { type: 'SUBMIT' }).next;
    s = send(s, officer, { type: 'REQUEST_CHANGES', reason: 'Describe retention.' }).next;
    expect(s.value).toBe('changes_requested');
    expect(can(s, owner, { type: 'RESUBMIT' }, { complete: false })).toBe(false);
    s = send(s, owner, { type: 'RESUBMIT' }).next;
    expect(s.value).toBe('screening');

    const atApproval = toApproval();
    expect(send(atApproval, approver, { type: 'REQUEST_CHANGES', reason: 'x' }).next.value).toBe('changes_requested');
    expect(can(atApproval, counsel, { type: 'REQUEST_CHANGES', reason: 'x' })).toBe(false); // not counsel's stage
  });

  it('lets the owner withdraw before a decision, never after', () => {
    expect(send(start(), owner, { type: 'WITHDRAW' }).next.value).toBe('withdrawn');
    expect(send(toApproval(), owner, { type: 'WITHDRAW' }).next.value).toBe('withdrawn');
    const approved = send(toApproval(), approver, { type: 'APPROVE' }).next;
    expect(can(approved, owner, { type: 'WITHDRAW' })).toBe(false);
  });

  it('turns conditions into remediation, which the engine closes when every action item is done', () => {
    const step = send(toApproval(), approver, {
      type: 'APPROVE',
      conditions: [{ text: 'Delete plates after 90 days' }],
    });
    expect(step.next.value).toBe('remediation');
    expect(step.actions.map((a) => a.type)).toEqual(['createActionItems', 'renderDecision', 'notify']);
    expect(can(step.next, owner, { type: 'CONDITIONS_MET' })).toBe(false);
    expect(can(step.next, SYSTEM_ACTOR, { type: 'CONDITIONS_MET' }, { openActionItems: 1 })).toBe(false);
    expect(send(step.next, SYSTEM_ACTOR, { type: 'CONDITIONS_MET' }).next.value).toBe('approved');
  });

  it('reopens an approved assessment for a new cycle on REASSESS', () => {
    const approved = send(toApproval(), approver, { type: 'APPROVE' }).next;
    const reopened = send(approved, officer, { type: 'REASSESS', reason: 'New data sharing' }).next;
    expect(reopened.value).toBe('draft');
    expect(reopened.context).toMatchObject({ cycle: 2, legalClearedBy: null, legalClearers: [], assignees: {} });
  });

  it('reminds on the first passed deadline and escalates on the next; a new stage starts afresh', () => {
    let s = send(start(), owner, { type: 'SUBMIT' }).next;
    s = send(s, SYSTEM_ACTOR, { type: 'DEADLINE_PASSED' }).next;
    expect(s.value).toBe('screening');
    expect(s.context).toMatchObject({ overdueCount: 1, escalated: false });
    s = send(s, SYSTEM_ACTOR, { type: 'DEADLINE_PASSED' }).next;
    expect(s.context).toMatchObject({ overdueCount: 2, escalated: true });
    expect(can(s, officer, { type: 'DEADLINE_PASSED' })).toBe(false);
    s = send(s, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' }).next;
    expect(s.context).toMatchObject({ overdueCount: 0, escalated: false });
  });
});
