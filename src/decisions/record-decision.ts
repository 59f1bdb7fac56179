import type { EntityManager } from 'typeorm';
import type { DecisionOutcome } from './record/decision-record';

export interface NewDecision {
  assessmentId: string;
  eventId: string;
  cycle: number;
  outcome: DecisionOutcome;
  reasons: string | null;
  decidedAt: Date;
  decidedBy: string | null;
  retention: { class: string; years: number };
}

/**
 * Records a decision, with its retention class and disposition date, inside the transition that makes it, so a decision exists exactly when its event
 * does; its documents follow from the outbox and never hold the transition back.
 */
export async function recordDecision(manager: EntityManager, decision: NewDecision): Promise<void> {
  await manager.query(
    `INSERT INTO decisions (assessment_id, event_id, cycle, outcome, reasons, decided_at, decided_by, retention_class, disposition_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ($6::timestamptz AT TIME ZONE 'UTC' + make_interval(years => $9))::date)`,
    [
      decision.assessmentId,
      decision.eventId,
      decision.cycle,
      decision.outcome,
      decision.reasons,
      decision.decidedAt,
      decision.decidedBy,
      decision.retention.class,
      decision.retention.years,
    ],
  );
}
