import { changesRequestedOf, deadlineOf, stepsOf, timelineOf, type ChainEvent } from './status-view';

const at = (iso: string) => new Date(iso);
const event = (type: string, from: string | null, to: string, payload: Record<string, unknown> = {}): ChainEvent => ({
  type,
  from,
  to,
  actor: { displayName: 'Dana Okafor' },
  at: at('2026-05-04T09:30:00Z'),
  payload,
});

describe('the status page in words', () => {
  it('says how far a deadline is, and that it has passed, in days', () => {
    const now = at('2026-05-10T12:00:00Z');
    expect(deadlineOf(null, now)).toBeNull();
    expect(deadlineOf(at('2026-05-15T12:00:00Z'), now)).toEqual({
      at: '2026-05-15T12:00:00.000Z',
      overdue: false,
      reminded: null,
      distance: 'in 5 days',
    });
    expect(deadlineOf(at('2026-05-09T12:00:00Z'), now)).toMatchObject({ overdue: true, distance: '1 day ago' });
    expect(deadlineOf(at('2026-05-10T11:00:00Z'), now)).toMatchObject({ overdue: true, distance: 'today' });
    // After a reminder the deadline column holds the next reminder: ahead, yet the stage is overdue.
    expect(deadlineOf(at('2026-05-12T12:00:00Z'), now, 1)).toEqual({
      at: '2026-05-12T12:00:00.000Z',
      overdue: true,
      reminded: '1 reminder',
      distance: 'in 2 days',
    });
  });

  it('places each stage in the process, and a withdrawn assessment outside it', () => {
    expect(stepsOf('changes_requested')).toMatchObject({ current: 1, total: 6, label: 'Answers' });
    const legal = stepsOf('legal_review')!;
    expect(legal.steps.map((s) => (s.complete ? 'done' : s.current ? 'now' : 'later'))).toEqual([
      'done',
      'done',
      'done',
      'now',
      'later',
      'later',
    ]);
    expect(stepsOf('remediation')).toMatchObject({ current: 6, label: 'Decision' });
    expect(stepsOf('withdrawn')).toBeNull();
  });

  it('tells who did what from the chain, with the reason given and the stage it moved to', () => {
    const timeline = timelineOf([
      event('CREATED', null, 'draft', { title: 'Parking', department: 'Transportation' }),
      event('CONFIRM_SCREENING', 'screening', 'risk_assessment', { outcome: 'sir', reason: 'Cameras.' }),
      event('APPROVE', 'approval', 'remediation', { conditions: [{ text: 'a' }, { text: 'b' }] }),
      { ...event('DEADLINE_PASSED', 'approval', 'approval'), actor: { displayName: 'the engine' } },
      event('SOMETHING_NEW', 'approved', 'approved'),
      { ...event('WITHDRAW', 'draft', 'withdrawn'), actor: undefined },
    ]);
    expect(timeline.map(({ who, what, detail, moved }) => [who, what, detail, moved])).toEqual([
      ['Dana Okafor', 'started the assessment', '“Parking”, Transportation', null],
      ['Dana Okafor', 'confirmed the screening', 'Surveillance impact report. Cameras.', 'Risk assessment'],
      ['Dana Okafor', 'approved it', 'With 2 conditions.', 'Approved with conditions'],
      ['The engine', 'noted that the stage’s deadline passed', null, null],
      ['Dana Okafor', 'something new', null, null],
      ['Someone no longer registered', 'withdrew it', null, 'Withdrawn'],
    ]);
  });

  it('shows the latest request for changes only while the assessment waits on its owner', () => {
    const chain = [
      event('REQUEST_CHANGES', 'screening', 'changes_requested', { reason: 'First.' }),
      event('RESUBMIT', 'changes_requested', 'screening'),
      event('REQUEST_CHANGES', 'screening', 'changes_requested', { reason: 'Second.' }),
    ];
    expect(changesRequestedOf('changes_requested', chain)).toMatchObject({ reason: 'Second.' });
    expect(changesRequestedOf('screening', chain)).toBeNull();
  });
});
