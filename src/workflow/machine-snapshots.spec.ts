import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transition } from 'xstate';
import { type AssessmentEvent, type EventActor, SYSTEM_ACTOR } from './assessment-machine.types';
import { MachineRegistry } from './machine.registry';

/**
 * Snapshots persisted by each machine version, kept as files. Each must still load on its version and take
 * its next step, whatever later versions add: assessments stored today must run for years.
 */
const FIXTURES = resolve(__dirname, '../../test/fixtures/machine-snapshots');
const owner: EventActor = { id: 'owner-1', roles: ['project_owner'] };
const officer: EventActor = { id: 'po-1', roles: ['privacy_officer'] };
const counsel: EventActor = { id: 'lc-1', roles: ['legal_counsel'] };
const facts = {
  complete: true,
  proposedOutcome: 'pia' as const,
  legalReviewRequired: true,
  riskComplete: true,
  assigneeHasRole: true,
  openActionItems: 0,
  reviews: {
    privacy: { applies: true, reason: 'always' },
    legal: { applies: true, reason: 'high residual risk' },
    security: { applies: false, reason: 'none' },
    equity: { applies: false, reason: 'none' },
  },
  changedReviews: [],
};

type Step = { event: AssessmentEvent; value: unknown; to: unknown };

const V1_NEXT_STEP: Record<string, Step> = {
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
    event: { type: 'LEGAL_CLEAR', actor: counsel },
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

const inReview = (privacy: string, legal: string) => ({
  review: { privacy, legal, security: 'not_applicable', equity: 'not_applicable' },
});

const V2_NEXT_STEP: Record<string, Step> = {
  '01-risk-assessment': {
    value: 'risk_assessment',
    event: { type: 'COMPLETE_RISK_ASSESSMENT', actor: officer },
    to: inReview('open', 'open'),
  },
  '02-review': {
    value: inReview('open', 'open'),
    event: { type: 'CLEAR_REVIEW', review: 'privacy', actor: officer },
    to: inReview('cleared', 'open'),
  },
  '03-review-privacy-cleared': {
    value: inReview('cleared', 'open'),
    event: { type: 'REQUEST_CHANGES', review: 'legal', reason: 'r', actor: counsel },
    to: 'changes_requested',
  },
  '04-changes-requested-in-review': {
    value: 'changes_requested',
    event: { type: 'RESUBMIT', actor: owner },
    to: inReview('cleared', 'open'),
  },
  '05-review-legal-reopened': {
    value: inReview('cleared', 'open'),
    event: { type: 'CLEAR_REVIEW', review: 'legal', actor: counsel },
    to: 'approval',
  },
  '06-approval': {
    value: 'approval',
    event: { type: 'APPROVE', actor: { id: 'ap-1', roles: ['approver'] } },
    to: 'approved',
  },
};

describe.each([
  ['v1', V1_NEXT_STEP],
  ['v2', V2_NEXT_STEP],
])('stored %s snapshots', (version, steps) => {
  const machine = new MachineRegistry().get(version);
  const dir = join(FIXTURES, version);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has a replay step for every fixture', () => {
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual(Object.keys(steps).sort());
  });

  it.each(files)(`%s loads on ${version} and takes its next step`, (file) => {
    const step = steps[file.replace('.json', '')];
    const snapshot = machine.resolveState(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(snapshot.value).toEqual(step.value);
    const event = { ...step.event, facts } as AssessmentEvent;
    const final = snapshot.status === 'done';
    expect(snapshot.can(event)).toBe(!final);
    const [next] = transition(machine, snapshot, event);
    expect(next.value).toEqual(step.to);
  });
});
