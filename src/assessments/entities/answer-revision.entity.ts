import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One answer's change: who, when, from what to what. Written with each save; never changed. */
@Entity('answer_revisions')
export class AnswerRevision {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  @Column({ name: 'question_id', type: 'varchar', length: 64 })
  questionId: string;

  /** null: there was no answer. */
  @Column({ name: 'old_value', type: 'jsonb', nullable: true })
  oldValue: unknown;

  /** null: the answer was cleared, or dropped because its question became hidden. */
  @Column({ name: 'new_value', type: 'jsonb', nullable: true })
  newValue: unknown;

  @Column({ name: 'changed_by', type: 'uuid' })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  /** The assessment version this change produced. */
  @Column({ name: 'assessment_version', type: 'integer' })
  assessmentVersion: number;
}
