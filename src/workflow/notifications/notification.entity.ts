import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notice to one person about one assessment; at most one per outbox entry (or comment) and person. */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  /** The transition's side effect that sent it; null for a comment's. */
  @Column({ name: 'outbox_id', type: 'bigint', nullable: true })
  outboxId: string | null;

  /** The comment that sent it; null for a transition's. */
  @Column({ name: 'comment_id', type: 'uuid', nullable: true })
  commentId: string | null;

  @Column({ type: 'varchar', length: 40 })
  reason: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
