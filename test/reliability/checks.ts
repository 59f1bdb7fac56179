import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import canonicalize from 'canonicalize';
import type { Client } from 'pg';
import type { Ack } from './workload';

/** Acknowledged transitions with no event of their type, or whose assessment is at an older version. */
export async function lostAcks(db: Client, acks: Ack[]): Promise<Ack[]> {
  const { rows } = await db.query<{ id: string; version: number; types: string[] }>(
    `SELECT a.id, a.version, array_agg(e.type) AS types
       FROM assessments a JOIN assessment_events e ON e.assessment_id = a.id
      WHERE a.id = ANY($1) GROUP BY a.id`,
    [[...new Set(acks.map((ack) => ack.assessmentId))]],
  );
  const stored = new Map(rows.map((row) => [row.id, row]));
  return acks.filter((ack) => {
    const row = stored.get(ack.assessmentId);
    return !row || row.version < ack.version || !row.types.includes(ack.type);
  });
}

const GENESIS = '0'.repeat(64);

/**
 * Recomputes every chain from the rows, as an outsider would from the README's description (not with
 * src/audit's verifier): hash = sha256(prev_hash hex || RFC 8785 JSON of the event's fields), seq from 1.
 * Returns the number of events checked and the assessments whose chain breaks.
 */
export async function recomputeChains(db: Client): Promise<{ events: number; broken: string[] }> {
  const { rows } = await db.query(
    `SELECT assessment_id, seq, type, from_state, to_state, payload, actor_id, machine_version, at, prev_hash, hash
       FROM assessment_events ORDER BY assessment_id, seq`,
  );
  const broken = new Set<string>();
  let previous = { assessmentId: '', seq: 0, hash: GENESIS };
  for (const row of rows) {
    if (row.assessment_id !== previous.assessmentId)
      previous = { assessmentId: row.assessment_id, seq: 0, hash: GENESIS };
    const canonical = canonicalize({
      assessmentId: row.assessment_id,
      seq: row.seq,
      type: row.type,
      fromState: row.from_state,
      toState: row.to_state,
      payload: row.payload,
      actorId: row.actor_id,
      machineVersion: row.machine_version,
      at: (row.at as Date).toISOString(),
    });
    const hash = createHash('sha256')
      .update(previous.hash + canonical)
      .digest('hex');
    if (row.seq !== previous.seq + 1 || row.prev_hash !== previous.hash || row.hash !== hash)
      broken.add(row.assessment_id);
    previous = { assessmentId: row.assessment_id, seq: row.seq, hash: row.hash };
  }
  return { events: rows.length, broken: [...broken] };
}

export interface DocumentCount {
  decisions: number;
  withOne: number;
  withMore: number;
}

export async function countDocuments(db: Client): Promise<DocumentCount> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(dd.id)::int AS n
       FROM decisions d LEFT JOIN decision_documents dd ON dd.decision_id = d.id GROUP BY d.id`,
  );
  return {
    decisions: rows.length,
    withOne: rows.filter((row) => row.n === 1).length,
    withMore: rows.filter((row) => row.n > 1).length,
  };
}

/** Waits (bounded) until every decision has a document; returns the last count and how long it took. */
export async function documentsSettle(db: Client, timeoutMs: number): Promise<DocumentCount & { ms: number }> {
  const started = Date.now();
  for (;;) {
    const count = await countDocuments(db);
    const ms = Date.now() - started;
    if (count.withOne + count.withMore === count.decisions || ms > timeoutMs) return { ...count, ms };
    await sleep(250);
  }
}
