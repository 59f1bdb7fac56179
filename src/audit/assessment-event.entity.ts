import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One step of an assessment's life, chained to the previous one by hash. A database trigger refuses
 * UPDATE, DELETE and TRUNCATE: the table only grows.
 */
@Entity('assessment_events')
export class AssessmentEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  /** 1, 2, 3, … per assessment. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ name: 'from_state', type: 'varchar', length: 32, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 32 })
  toState: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** null when the engine itself acted (a deadline passed). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'machine_version', type: 'varchar', length: 16 })
  machineVersion: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
