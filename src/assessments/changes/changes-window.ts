import { EDITABLE_STATES, type AssessmentState } from '../assessment-state';
import { ChangesException } from './changes.exception';

/** What `since` asked for: the start of a cycle, after an event of the chain, or the default (below). */
export type Since = { kind: 'cycle' | 'seq'; n: number } | { kind: 'default' };

/** The events of the chain that a window can start at (assessment_events, as the audit log reads them). */
export interface ChainEvent {
  seq: number;
  type: string;
  fromState: string | null;
  actorId: string | null;
  at: Date;
}

export interface WindowStart {
  seq: number;
  type: string;
  at: Date;
  actorId: string | null;
  /** The review cycle the event belongs to: 1, then one more after each REASSESS. */
  cycle: number;
  chosen: Since['kind'];
  /**
   * Whether a revision saved in the very millisecond of the event counts as after it. Answers are saved only in
   * draft and changes_requested, so a save at that instant came after an event that entered those states and
   * before one that left them.
   */
  sameInstantIsAfter: boolean;
}

const SHAPE = 'must be cycle:N or seq:N, such as cycle:2 or seq:14';

/** Where a new round of the owner's editing begins: changes were asked for, or the approved assessment reopened. */
const ROUND_STARTS = ['REQUEST_CHANGES', 'REASSESS'];

export function parseSince(value: unknown): Since {
  if (value === undefined) return { kind: 'default' };
  const match = typeof value === 'string' ? /^(cycle|seq):([1-9][0-9]{0,8})$/.exec(value) : null;
  if (!match) throw ChangesException.invalidSince(SHAPE);
  return { kind: match[1] as 'cycle' | 'seq', n: Number(match[2]) };
}

/**
 * The event a window of changes starts after, from the chain in seq order:
 * - cycle:N: the start of cycle N (the creation for the first, the (N-1)th REASSESS after it), so every change
 *   made in cycle N and since;
 * - seq:N: the event numbered N;
 * - the default, a reviewer's last look: the latest REQUEST_CHANGES or REASSESS, so what the owner changed while
 *   the assessment was back with them; with neither yet, the creation (every answer given).
 * Null for a chain without events (nothing to start from: every revision counts).
 */
export function windowStart(events: ChainEvent[], since: Since): WindowStart | null {
  const cycles = cyclesOf(events);
  const at = (index: number): WindowStart => {
    const event = events[index];
    const left = (event.fromState ?? '') as AssessmentState;
    return {
      seq: event.seq,
      type: event.type,
      at: event.at,
      actorId: event.actorId,
      cycle: cycles[index],
      chosen: since.kind,
      sameInstantIsAfter: !EDITABLE_STATES.includes(left),
    };
  };
  if (since.kind === 'seq') {
    const index = events.findIndex((e) => e.seq === since.n);
    if (index < 0) throw ChangesException.invalidSince(`there is no event ${since.n}: the chain has ${events.length}`);
    return at(index);
  }
  if (since.kind === 'cycle') {
    const index = cycles.indexOf(since.n);
    if (index < 0) {
      const current = currentCycle(events);
      throw ChangesException.invalidSince(`there is no cycle ${since.n}: the assessment is in cycle ${current}`);
    }
    return at(index);
  }
  if (events.length === 0) return null;
  const latest = events.findLastIndex((e) => ROUND_STARTS.includes(e.type));
  return at(Math.max(latest, 0));
}

/** The cycle the assessment is in now. */
export function currentCycle(events: ChainEvent[]): number {
  return cyclesOf(events).at(-1) ?? 1;
}

/** The cycle of each event: each REASSESS begins the next. */
function cyclesOf(events: ChainEvent[]): number[] {
  let cycle = 1;
  return events.map((e, index) => (e.type === 'REASSESS' && index > 0 ? ++cycle : cycle));
}
