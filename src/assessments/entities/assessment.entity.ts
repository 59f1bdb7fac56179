import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ScreeningResult } from '../screening/screening';

@Entity('assessments')
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human-readable, e.g. PIA-2026-0042; numbered per year. */
  @Column({ type: 'varchar', length: 20 })
  ref: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 100 })
  department: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** The template version the assessment was created with; it never changes afterwards. */
  @Column({ name: 'questionnaire_id', type: 'varchar', length: 64 })
  questionnaireId: string;

  @Column({ name: 'questionnaire_version', type: 'integer' })
  questionnaireVersion: number;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  /** Bumped on every change; clients send it back in If-Match. */
  @Column({ type: 'integer' })
  version: number;

  /** Answers to visible questions only, keyed by question id. */
  @Column({ type: 'jsonb' })
  answers: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  screening: ScreeningResult | null;

  /** The workflow machine version this assessment runs on; it never changes. */
  @Column({ name: 'machine_version', type: 'varchar', length: 16 })
  machineVersion: string;

  /** The machine's persisted snapshot (XState getPersistedSnapshot). */
  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  /** When the current review stage is due; a job sends DEADLINE_PASSED after it. */
  @Column({ name: 'stage_deadline_at', type: 'timestamptz', nullable: true })
  stageDeadlineAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'last_saved_by', type: 'uuid', nullable: true })
  lastSavedBy: string | null;

  @Column({ name: 'last_saved_at', type: 'timestamptz', nullable: true })
  lastSavedAt: Date | null;

  /** The risk model the assessment was scored with; changes only by an explicit rescore. */
  @Column({ name: 'risk_model_id', type: 'varchar', length: 64, nullable: true })
  riskModelId: string | null;

  @Column({ name: 'risk_model_version', type: 'integer', nullable: true })
  riskModelVersion: number | null;

  /** What scoring found: the factors that hold and the legal flags raised, with their reasons. */
  @Column({ name: 'risk_findings', type: 'jsonb', nullable: true })
  riskFindings: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
