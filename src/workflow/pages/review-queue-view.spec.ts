import { pagination, queueHref, queueQueryOf, queueRow } from './review-queue-view';

describe('the review queue page: its query from the address, its links and rows', () => {
  const officer = ['screening', 'risk', 'mine'] as const;

  it('falls back to the first queue the person has, no filter, soonest deadline first, page 1', () => {
    expect(queueQueryOf({}, [...officer])).toEqual({
      queue: 'screening',
      department: undefined,
      stage: undefined,
      overdue: false,
      surveillance: false,
      sort: 'deadline',
      page: 1,
      pageSize: 25,
    });
    expect(queueQueryOf({ queue: 'legal' }, [...officer]).queue).toBe('screening'); // not one of theirs
    expect(queueQueryOf({ queue: 'constructor' }, ['legal']).queue).toBe('legal');
  });

  it('takes filters leniently: a hostile value is ignored rather than refused', () => {
    const query = queueQueryOf(
      {
        queue: 'mine',
        department: ['  Parks ', 'again'],
        stage: 'approval',
        overdue: '1',
        sort: '-deadline',
        page: '3',
      },
      [...officer],
    );
    expect(query).toMatchObject({
      queue: 'mine',
      department: 'Parks',
      stage: 'approval',
      overdue: true,
      sort: '-deadline',
      page: 3,
    });
    expect(queueQueryOf({ stage: 'approval' }, [...officer]).stage).toBeUndefined(); // one stage per team queue
    expect(queueQueryOf({ queue: 'mine', stage: '__proto__' }, [...officer]).stage).toBeUndefined();
    expect(queueQueryOf({ page: '0' }, [...officer]).page).toBe(1);
    expect(queueQueryOf({ page: 'x'.repeat(3000) }, [...officer]).page).toBe(1);
    expect(queueQueryOf({ department: 'x'.repeat(3000) }, [...officer]).department).toHaveLength(100);
  });

  it('keeps the filters in the links it makes, and pages through the total', () => {
    const query = queueQueryOf({ queue: 'screening', department: 'Parks & Recreation', overdue: '1' }, [...officer]);
    expect(queueHref(query, { page: 2 })).toBe(
      '/review?queue=screening&department=Parks+%26+Recreation&overdue=1&page=2',
    );
    expect(pagination({ ...query, page: 2 }, 60, 25)).toMatchObject({ from: 26, to: 50, lastPage: 3, current: 2 });
    expect(pagination(query, 0, 0)).toMatchObject({ from: 0, to: 0, previous: null, next: null, lastPage: 1 });
  });

  it('sends the reviewer to the step of the stage, and the owner to the status page only', () => {
    const item = {
      ref: 'PIA-2026-0007',
      title: 'Parking',
      department: 'Transportation',
      state: 'legal_review',
      owner: 'Dana Okafor',
      own: false,
      deadline: new Date('2026-12-10T10:00:00Z'),
      overdue: false,
      reminded: false,
      surveillance: false,
      proposedOutcome: 'pia' as const,
      assignee: { id: 'me', displayName: 'Lee Marsh' },
    };
    expect(queueRow(item, 'me')).toMatchObject({
      assignee: 'You',
      stage: 'Legal review',
      proposed: 'Full privacy impact assessment',
      next: { label: 'Do the legal review', href: '/pia/PIA-2026-0007/legal' },
    });
    expect(queueRow({ ...item, own: true }, 'me').next).toEqual({ label: 'Follow it', href: '/pia/PIA-2026-0007' });
    expect(queueRow({ ...item, assignee: null }, 'me').assignee).toBe('No one yet');
    // In workflow v2's review stage, a named review's queue (and the privacy office's own) leads to that review's page.
    const inReview = { ...item, state: 'review' };
    expect(queueRow(inReview, 'me', 'security').next).toEqual({
      label: 'Give the security review',
      href: '/pia/PIA-2026-0007/reviews/security',
    });
    expect(queueRow(inReview, 'me', 'mine').next).toEqual({
      label: 'Give the privacy review',
      href: '/pia/PIA-2026-0007/reviews/privacy',
    });
    expect(queueRow(inReview, 'me', 'approval').next).toEqual({ label: 'Follow it', href: '/pia/PIA-2026-0007' });
  });
});
