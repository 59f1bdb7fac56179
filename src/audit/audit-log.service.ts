import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentEvent } from './assessment-event.entity';
import { type ChainCheck, eventHash, GENESIS_HASH, type HashedEvent, verifyChain } from './event-hash';

export type NewEvent = Omit<HashedEvent, 'seq' | 'at'> & { at: Date };

/** The hash-chained event log of each assessment: append (inside the caller's transaction) and verify. */
@Injectable()
export class AuditLogService {
  constructor(private readonly db: DataSource) {}

  /**
   * Appends the next event and returns its id and seq. The caller holds the assessment's row lock, so
   * seq cannot race (and the unique (assessment_id, seq) would refuse it if it did).
   */
  async append(manager: EntityManager, event: NewEvent): Promise<{ id: string; seq: number; hash: string }> {
    const [last]: { seq: number; hash: string }[] = await manager.query(
      'SELECT seq, hash FROM assessment_events WHERE assessment_id = $1 ORDER BY seq DESC LIMIT 1',
      [event.assessmentId],
    );
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hashed: HashedEvent = { ...event, seq: (last?.seq ?? 0) + 1, at: event.at.toISOString() };
    const hash = eventHash(prevHash, hashed);
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO assessment_events (assessment_id, seq, type, from_state, to_state, payload, actor_id, machine_version, at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        event.assessmentId,
        hashed.seq,
        event.type,
        event.fromState,
        event.toState,
        JSON.stringify(event.payload),
        event.actorId,
        event.machineVersion,
        event.at,
        prevHash,
        hash,
      ],
    );
    return { id: String(id), seq: hashed.seq, hash };
  }

  history(assessmentId: string): Promise<AssessmentEvent[]> {
    return this.db.getRepository(AssessmentEvent).find({ where: { assessmentId }, order: { seq: 'ASC' } });
  }

  async verify(assessmentId: string): Promise<ChainCheck> {
    return verifyChain((await this.history(assessmentId)).map(toHashed));
  }

  /** Every assessment's chain; returns those that fail. */
  async verifyAll(): Promise<{ checked: number; broken: ({ assessmentId: string } & ChainCheck)[] }> {
    const ids: { assessment_id: string }[] = await this.db.query(
      'SELECT DISTINCT assessment_id FROM assessment_events',
    );
    const broken = [];
    for (const { assessment_id: assessmentId } of ids) {
      const check = await this.verify(assessmentId);
      if (!check.ok) broken.push({ assessmentId, ...check });
    }
    return { checked: ids.length, broken };
  }
}

export function toHashed(row: AssessmentEvent): HashedEvent & { prevHash: string; hash: string } {
  return {
    assessmentId: row.assessmentId,
    seq: row.seq,
    type: row.type,
    fromState: row.fromState,
    toState: row.toState,
    payload: row.payload,
    actorId: row.actorId,
    machineVersion: row.machineVersion,
    at: row.at.toISOString(),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
