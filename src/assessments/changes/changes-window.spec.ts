import { AppException } from '../../common/errors/app.exception';
import { type ChainEvent, currentCycle, parseSince, windowStart } from './changes-window';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));
const event = (seq: number, type: string, fromState: string | null): ChainEvent => ({
  seq,
  type,
  fromState,
  actorId: `actor-${seq}`,
  at: at(seq),
});

/** Two cycles: asked for changes twice in the first, reopened, asked once more in the second. */
const CHAIN = [
  event(1, 'CREATED', null),
  event(2, 'SUBMIT', 'draft'),
  event(3, 'REQUEST_CHANGES', 'screening'),
  event(4, 'RESUBMIT', 'changes_requested'),
  event(5, 'REQUEST_CHANGES', 'screening'),
  event(6, 'RESUBMIT', 'changes_requested'),
  event(7, 'CONFIRM_SCREENING', 'screening'),
  event(8, 'APPROVE', 'approval'),
  event(9, 'REASSESS', 'approved'),
  event(10, 'SUBMIT', 'draft'),
];

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppException ? { status: error.status, errors: error.errors } : error;
  }
  throw new Error('not refused');
};

describe('parseSince', () => {
  it('reads cycle:N and seq:N, and an absent value as the default', () => {
    expect(parseSince('cycle:2')).toEqual({ kind: 'cycle', n: 2 });
    expect(parseSince('seq:14')).toEqual({ kind: 'seq', n: 14 });
    expect(parseSince(undefined)).toEqual({ kind: 'default' });
  });

  it.each([['cycle'], ['cycle:0'], ['seq:-1'], ['seq:1.5'], ['round:2'], [''], ['seq:1234567890'], [['seq:1']], [7]])(
    'refuses %j with 422 naming /since',
    (value) => {
      expect(refusal(() => parseSince(value))).toEqual({
        status: 422,
        errors: [{ pointer: '/since', detail: 'must be cycle:N or seq:N, such as cycle:2 or seq:14' }],
      });
    },
  );
});

describe('windowStart', () => {
  it('starts by default at the latest REQUEST_CHANGES or REASSESS: the last time the owner had it back', () => {
    expect(windowStart(CHAIN, { kind: 'default' })).toMatchObject({ seq: 9, type: 'REASSESS', cycle: 2 });
    expect(windowStart(CHAIN.slice(0, 6), { kind: 'default' })).toMatchObject({
      seq: 5,
      type: 'REQUEST_CHANGES',
      cycle: 1,
      actorId: 'actor-5',
      at: at(5),
      chosen: 'default',
    });
  });

  it('starts by default at the creation when the owner was never sent back', () => {
    expect(windowStart(CHAIN.slice(0, 2), { kind: 'default' })).toMatchObject({ seq: 1, type: 'CREATED' });
  });

  it('starts cycle 1 at the creation and each later cycle at its REASSESS', () => {
    expect(windowStart(CHAIN, { kind: 'cycle', n: 1 })).toMatchObject({ seq: 1, cycle: 1, chosen: 'cycle' });
    expect(windowStart(CHAIN, { kind: 'cycle', n: 2 })).toMatchObject({ seq: 9, cycle: 2, chosen: 'cycle' });
    expect(currentCycle(CHAIN)).toBe(2);
  });

  it('starts seq:N at that event, in whichever cycle', () => {
    expect(windowStart(CHAIN, { kind: 'seq', n: 4 })).toMatchObject({ seq: 4, type: 'RESUBMIT', cycle: 1 });
  });

  it('counts a save in the same millisecond after an event that handed the answers to the owner, before one that took them', () => {
    expect(windowStart(CHAIN, { kind: 'seq', n: 3 })?.sameInstantIsAfter).toBe(true); // into changes_requested
    expect(windowStart(CHAIN, { kind: 'seq', n: 1 })?.sameInstantIsAfter).toBe(true); // the creation
    expect(windowStart(CHAIN, { kind: 'seq', n: 4 })?.sameInstantIsAfter).toBe(false); // out of changes_requested
  });

  it('refuses a cycle or an event the assessment does not have, saying what it has', () => {
    expect(refusal(() => windowStart(CHAIN, { kind: 'cycle', n: 3 }))).toEqual({
      status: 422,
      errors: [{ pointer: '/since', detail: 'there is no cycle 3: the assessment is in cycle 2' }],
    });
    expect(refusal(() => windowStart(CHAIN, { kind: 'seq', n: 11 }))).toEqual({
      status: 422,
      errors: [{ pointer: '/since', detail: 'there is no event 11: the chain has 10' }],
    });
  });
});
