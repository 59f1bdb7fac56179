import { createHash } from 'node:crypto';
import { eventHash, GENESIS_HASH, type HashedEvent, verifyChain } from './event-hash';

const base: HashedEvent = {
  assessmentId: '7b0c6f0e-3d5e-4d8a-9a57-6c7f3b1f0a11',
  seq: 1,
  type: 'CREATED',
  fromState: null,
  toState: 'draft',
  payload: { title: 'Parking', b: 2, a: 1 },
  actorId: 'u1',
  machineVersion: 'v1',
  at: '2026-11-30T10:00:00.000Z',
};

function chain(n: number) {
  const events = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const event = { ...base, seq };
    const hash = eventHash(prev, event);
    events.push({ ...event, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('the event hash chain', () => {
  it('hashes prev_hash followed by the RFC 8785 canonical JSON of the event', () => {
    const canonical =
      '{"actorId":"u1","assessmentId":"7b0c6f0e-3d5e-4d8a-9a57-6c7f3b1f0a11","at":"2026-11-30T10:00:00.000Z","fromState":null,"machineVersion":"v1","payload":{"a":1,"b":2,"title":"Parking"},"seq":1,"toState":"draft","type":"CREATED"}';
    expect(eventHash(GENESIS_HASH, base)).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + canonical)
        .digest('hex'),
    );
  });

  it('does not depend on key order', () => {
    expect(eventHash(GENESIS_HASH, { ...base, payload: { a: 1, b: 2, title: 'Parking' } })).toBe(
      eventHash(GENESIS_HASH, base),
    );
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(chain(4))).toEqual({ ok: true, length: 4, lastHash: chain(4)[3].hash });
  });

  it('names the first broken event when one is altered, removed or re-linked', () => {
    const altered = chain(4);
    altered[2] = { ...altered[2], payload: { title: 'Cameras' } };
    expect(verifyChain(altered)).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash does not match the event' });

    const removed = chain(4);
    removed.splice(1, 1);
    expect(verifyChain(removed)).toMatchObject({ ok: false, brokenAt: 2, reason: 'seq 2 is missing' });

    const relinked = chain(3);
    relinked[1] = { ...relinked[1], prevHash: GENESIS_HASH };
    expect(verifyChain(relinked)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'prev_hash does not match the previous event',
    });
  });
});
