import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A side effect a transition asked for; relayed to pg-boss after commit. */
@Entity('outbox')
export class OutboxEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  @Column({ name: 'event_id', type: 'bigint' })
  eventId: string;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt: Date | null;
}
