import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transition } from 'xstate';
import { type AssessmentEvent, type EventActor, SYSTEM_ACTOR } from './assessment-machine.types';
import { MachineRegistry } from './machine.registry';

/**
 * Snapshots persisted by machine v1, kept as files. Each must still load on v1 and take its next step,
 * whatever later versions add: assessments stored today must run for years.
 */
const FIXTURES = resolve(__dirname, '../../test/fixtures/machine-snapshots/v1');
const owner: EventActor = { id: 'owner-1', roles: ['project_owner'] };
const officer: EventActor = { id: 'po-1', roles: ['privacy_officer'] };
const facts = {
  complete: true,
  proposedOutcome: 'pia' as const,
  legalReviewRequired: true,
  riskComplete: true,
  assigneeHasRole: true,
  openActionItems: 0,
};

const NEXT_STEP: Record<string, { event: AssessmentEvent; value: string; to: string }> = {
  '01-draft': { value: 'draft', event: { type: 'SUBMIT', actor: owner }, to: 'screening' },
  '02-screening': {
    value: 'screening',
    event: { type: 'CONFIRM_SCREENING', outcome: 'pia', actor: officer },
    to: 'risk_assessment',
  },
  '03-screening-assigned-overdue': {
    value: 'screening',
    event: { type: 'DEADLINE_PASSED', actor: SYSTEM_ACTOR },
    to: 'screening',
  },
  '04-changes-requested': { value: 'changes_requested', event: { type: 'RESUBMIT', actor: owner }, to: 'screening' },
  '05-risk-assessment': {
    value: 'risk_assessment',
    event: { type: 'COMPLETE_RISK_ASSESSMENT', actor: officer },
    to: 'legal_review',
  },
  '06-legal-review': {
    value: 'legal_review',
    event: { type: 'LEGAL_CLEAR', actor: { id: 'lc-1', roles: ['legal_counsel'] } },
    to: 'approval',
  },
  '07-approval': {
    value: 'approval',
    event: { type: 'REJECT', reason: 'r', actor: { id: 'ap-1', roles: ['approver'] } },
    to: 'rejected',
  },
  '08-remediation': { value: 'remediation', event: { type: 'CONDITIONS_MET', actor: SYSTEM_ACTOR }, to: 'approved' },
  '09-approved': { value: 'approved', event: { type: 'REASSESS', actor: officer }, to: 'draft' },
  '10-draft-second-cycle': { value: 'draft', event: { type: 'WITHDRAW', actor: owner }, to: 'withdrawn' },
  '11-withdrawn': { value: 'withdrawn', event: { type: 'SUBMIT', actor: owner }, to: 'withdrawn' },
  '12-closed-not-required': {
    value: 'closed_not_required',
    event: { type: 'SUBMIT', actor: owner },
    to: 'closed_not_required',
  },
};

describe('stored v1 snapshots', () => {
  const machine = new MachineRegistry().get('v1');
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

  it('has a replay step for every fixture', () => {
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual(Object.keys(NEXT_STEP).sort());
  });

  it.each(files)('%s loads on v1 and takes its next step', (file) => {
    const step = NEXT_STEP[file.replace('.json', '')];
    const snapshot = machine.resolveState(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
    expect(snapshot.value).toBe(step.value);
    const event = { ...step.event, facts } as AssessmentEvent;
    const final = snapshot.status === 'done';
    expect(snapshot.can(event)).toBe(!final);
    const [next] = transition(machine, snapshot, event);
    expect(next.value).toBe(step.to);
  });
});
