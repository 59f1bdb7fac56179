import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentEvent } from './assessment-event.entity';
import { type ChainCheck, eventHash, GENESIS_HASH, type HashedEvent, verifyChain } from './event-hash';

export type NewEvent = Omit<HashedEvent, 'seq' | 'at'> & { at: Date };

/** The hash-chained event log of each assessment: append (inside the caller's transaction) and verify. */
@Injectable()
export class AuditLogService {
  constructor(private readonly db: DataSource) {}

  /** Appends the next event. The caller holds the assessment's row lock, so seq cannot race. */
  async append(manager: EntityManager, event: NewEvent): Promise<AssessmentEvent> {
    const repository = manager.getRepository(AssessmentEvent);
    const last = await repository.findOne({ where: { assessmentId: event.assessmentId }, order: { seq: 'DESC' } });
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hashed: HashedEvent = { ...event, seq: (last?.seq ?? 0) + 1, at: event.at.toISOString() };
    const row = repository.create({ ...hashed, at: event.at, prevHash, hash: eventHash(prevHash, hashed) });
    return repository.save(row);
  }

  history(assessmentId: string): Promise<AssessmentEvent[]> {
    return this.db.getRepository(AssessmentEvent).find({ where: { assessmentId }, order: { seq: 'ASC' } });
  }

  async verify(assessmentId: string): Promise<ChainCheck> {
    return verifyChain((await this.history(assessmentId)).map(toHashed));
  }

  /** Every assessment's chain; returns those that fail. */
  async verifyAll(): Promise<{ checked: number; broken: ({ assessmentId: string } & ChainCheck)[] }> {
    const ids: { assessment_id: string }[] = await this.db.query('SELECT DISTINCT assessment_id FROM assessment_events');
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
