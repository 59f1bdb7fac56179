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
}

/**
 * Records a decision inside the transition that makes it, so a decision exists exactly when its event
 * does; its documents follow from the outbox and never hold the transition back.
 */
export async function recordDecision(manager: EntityManager, decision: NewDecision): Promise<void> {
  await manager.query(
    `INSERT INTO decisions (assessment_id, event_id, cycle, outcome, reasons, decided_at, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [decision.assessmentId, decision.eventId, decision.cycle, decision.outcome, decision.reasons, decision.decidedAt, decision.decidedBy],
  );
}
