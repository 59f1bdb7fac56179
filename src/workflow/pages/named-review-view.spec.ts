import type { AssessmentContextV2, NamedReview, ReviewName } from '../assessment-machine.types';
import { isReviewName, mayActOn, namedReviewView, regionsOf, reviewsAtGlance } from './named-review-view';
import type { ChainEvent } from './status-view';

const open = (reason: string, change: Partial<NamedReview> = {}): NamedReview => ({
  applies: true,
  reason,
  clearedBy: null,
  findings: null,
  answersVersion: null,
  changesRequested: false,
  clearers: [],
  ...change,
});
const notRequired: NamedReview = { ...open('Not required.'), applies: false };

const reviews = (change: Partial<Record<ReviewName, NamedReview>> = {}): Record<ReviewName, NamedReview> => ({
  privacy: open('Every assessment has a privacy review.'),
  legal: notRequired,
  security: open('The data inventory holds sensitive categories: location.'),
  equity: notRequired,
  ...change,
});

const context = (change: Partial<AssessmentContextV2> = {}): Partial<AssessmentContextV2> => ({
  ownerId: 'owner',
  cycle: 1,
  assignees: {},
  reviews: reviews(),
  ...change,
});

const event = (type: string, payload: Record<string, unknown>, iso: string, who = 'Priya Shah'): ChainEvent => ({
  type,
  from: 'review',
  to: 'review',
  actor: { displayName: who },
  at: new Date(iso),
  payload,
});

const names = new Map([
  ['priya', 'Priya Shah'],
  ['sam', 'Sam Ortiz'],
]);
const security = { id: 'sam', roles: ['security_reviewer'] };
const REGIONS = { privacy: 'open', legal: 'not_applicable', security: 'open', equity: 'not_applicable' } as const;

describe('a named review in words', () => {
  it('knows the four reviews by name, and reads the regions only from a parallel review state', () => {
    expect(['privacy', 'legal', 'security', 'equity'].every(isReviewName)).toBe(true);
    expect(['constructor', '__proto__', 'Privacy', '', 3].some(isReviewName)).toBe(false);
    expect(regionsOf({ value: { review: REGIONS } })).toEqual(REGIONS);
    expect(regionsOf({ value: 'approval' })).toEqual({});
    expect(regionsOf({})).toEqual({});
  });

  it('offers a review to its own reviewer only, while it is open and the workflow allows the event', () => {
    const allowed = ['REQUEST_CHANGES', 'CLEAR_REVIEW'];
    expect(mayActOn('security', context(), REGIONS, security, allowed, 'CLEAR_REVIEW')).toBe(true);
    expect(mayActOn('security', context(), REGIONS, security, allowed, 'REQUEST_CHANGES')).toBe(true);
    // Not their review's role, not allowed by the workflow, not open, or another reviewer assigned.
    expect(mayActOn('privacy', context(), REGIONS, security, allowed, 'CLEAR_REVIEW')).toBe(false);
    expect(mayActOn('security', context(), REGIONS, security, ['REQUEST_CHANGES'], 'CLEAR_REVIEW')).toBe(false);
    expect(
      mayActOn('security', context(), { ...REGIONS, security: 'cleared' }, security, allowed, 'CLEAR_REVIEW'),
    ).toBe(false);
    expect(
      mayActOn(
        'security',
        context({ assignees: { security_reviewer: 'someone-else' } }),
        REGIONS,
        security,
        allowed,
        'CLEAR_REVIEW',
      ),
    ).toBe(false);
    // The owner never reviews; nobody clears two reviews of one cycle.
    expect(mayActOn('security', context({ ownerId: 'sam' }), REGIONS, security, allowed, 'CLEAR_REVIEW')).toBe(false);
    const both = { id: 'sam', roles: ['security_reviewer', 'privacy_officer'] };
    const clearedPrivacy = context({
      reviews: reviews({ privacy: open('Always.', { clearedBy: 'sam', clearers: ['sam'] }) }),
    });
    expect(mayActOn('security', clearedPrivacy, REGIONS, both, allowed, 'CLEAR_REVIEW')).toBe(false);
    // Before the risk stage set the reviews there is nothing to act on.
    expect(mayActOn('security', context({ reviews: null }), {}, security, allowed, 'CLEAR_REVIEW')).toBe(false);
  });

  it('says who cleared a review, when and with which findings, from the latest clearance of the cycle', () => {
    const cleared = context({
      assignees: { security_reviewer: 'sam' },
      reviews: reviews({
        security: open('Sensitive data.', { clearedBy: 'sam', findings: 'Encrypted at rest.', clearers: ['sam'] }),
      }),
    });
    const events = [
      event('CLEAR_REVIEW', { review: 'privacy' }, '2026-05-01T10:00:00Z'),
      event('CLEAR_REVIEW', { review: 'security', findings: 'Old.' }, '2026-05-02T10:00:00Z', 'Sam Ortiz'),
      event(
        'CLEAR_REVIEW',
        { review: 'security', findings: 'Encrypted at rest.' },
        '2026-05-03T10:00:00Z',
        'Sam Ortiz',
      ),
    ];
    const view = namedReviewView({ name: 'security', base: '/pia/PIA-1', context: cleared, events, names });
    expect(view).toMatchObject({
      title: 'Security review',
      applies: true,
      reason: 'Sensitive data.',
      assignee: 'Sam Ortiz',
      standing: 'cleared',
      standingLabel: 'Cleared',
      cleared: { by: 'Sam Ortiz', at: '2026-05-03T10:00:00.000Z', findings: 'Encrypted at rest.' },
      changesRequested: null,
      clearButton: 'Clear the security review',
    });
    // The others at a glance, each with its page; this one is not among them.
    expect(view.others.map((o) => [o.name, o.href, o.standingLabel])).toEqual([
      ['privacy', '/pia/PIA-1/reviews/privacy', 'Open'],
      ['legal', '/pia/PIA-1/reviews/legal', 'Not required'],
      ['equity', '/pia/PIA-1/reviews/equity', 'Not required'],
    ]);
  });

  it('says what a review asked to change, and that a review does not apply and why', () => {
    const asked = context({ reviews: reviews({ privacy: open('Always.', { changesRequested: true }) }) });
    const events = [
      event('REQUEST_CHANGES', { review: 'privacy', reason: 'Name the recipients.' }, '2026-05-04T09:00:00Z'),
      event('REQUEST_CHANGES', { review: 'security', reason: 'Not this one.' }, '2026-05-04T10:00:00Z', 'Sam Ortiz'),
    ];
    expect(namedReviewView({ name: 'privacy', base: '/pia/X', context: asked, events, names })).toMatchObject({
      standing: 'changes_requested',
      standingLabel: 'Changes requested',
      cleared: null,
      changesRequested: { by: 'Priya Shah', at: '2026-05-04T09:00:00.000Z', reason: 'Name the recipients.' },
    });
    expect(namedReviewView({ name: 'legal', base: '/pia/X', context: asked, events, names })).toMatchObject({
      applies: false,
      reason: 'Not required.',
      standingLabel: 'Not required',
      assignee: null,
      unassigned: 'No one was assigned',
    });
    // Before the risk stage ends no review has started, and there are no others to list.
    const before = namedReviewView({
      name: 'equity',
      base: '/pia/X',
      context: context({ reviews: null }),
      events,
      names,
    });
    expect(before).toMatchObject({ started: false, applies: null, standingLabel: 'Not started', others: [] });
  });

  it('lists every review for the status page, with its clearer and reviewer by name', () => {
    const list = reviewsAtGlance(
      reviews({ privacy: open('Always.', { clearedBy: 'priya', clearers: ['priya'] }) }),
      '/pia/PIA-2',
      names,
      { security_reviewer: 'sam', privacy_officer: 'gone' },
    );
    expect(list.map((r) => [r.title, r.applies, r.standingLabel, r.assignee])).toEqual([
      ['Privacy review', true, 'Cleared by Priya Shah', 'someone no longer registered'],
      ['Legal review', false, 'Not required', null],
      ['Security review', true, 'Open', 'Sam Ortiz'],
      ['Equity review', false, 'Not required', null],
    ]);
    expect(reviewsAtGlance(null, '/pia/PIA-2', names)).toEqual([]);
  });
});
