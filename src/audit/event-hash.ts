import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The prev_hash of an assessment's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: everything but the hash itself and the row id. */
export interface HashedEvent {
  assessmentId: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  machineVersion: string;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
}

/**
 * hash = sha256(prev_hash || canonical JSON of the event), canonical per RFC 8785, so that anyone can
 * recompute the chain from an export with any JCS implementation.
 */
export function eventHash(prevHash: string, event: HashedEvent): string {
  const canonical = canonicalize({
    assessmentId: event.assessmentId,
    seq: event.seq,
    type: event.type,
    fromState: event.fromState,
    toState: event.toState,
    payload: event.payload,
    actorId: event.actorId,
    machineVersion: event.machineVersion,
    at: event.at,
  });
  return createHash('sha256')
    .update(prevHash + canonical!)
    .digest('hex');
}

export type ChainCheck =
  { ok: true; length: number; lastHash: string } | { ok: false; length: number; brokenAt: number; reason: string };

/** Re-computes a chain, in seq order; names the first event that does not fit. */
export function verifyChain(events: (HashedEvent & { prevHash: string; hash: string })[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1)
      return { ok: false, length: events.length, brokenAt: index + 1, reason: `seq ${index + 1} is missing` };
    if (event.prevHash !== prev)
      return {
        ok: false,
        length: events.length,
        brokenAt: event.seq,
        reason: 'prev_hash does not match the previous event',
      };
    if (eventHash(prev, event) !== event.hash)
      return { ok: false, length: events.length, brokenAt: event.seq, reason: 'hash does not match the event' };
    prev = event.hash;
  }
  return { ok: true, length: events.length, lastHash: prev };
}
