import type { EntityManager } from 'typeorm';
import type { MeasureRow, RiskRow } from './risk-view';

/** The register's risks as stored, retired ones included, in the register's order. */
export function risksOf(manager: EntityManager, assessmentId: string): Promise<RiskRow[]> {
  return manager.query(
    `SELECT id, assessment_id, model_risk_id, label, category, computed, inherent, residual, target, treatment, owner_id,
            to_char(due_date, 'YYYY-MM-DD') AS due_date, status, updated_at
       FROM risks WHERE assessment_id = $1 ORDER BY category, model_risk_id`,
    [assessmentId],
  );
}

/** The register's measures with the risks each one treats, oldest first. */
export function measuresOf(manager: EntityManager, assessmentId: string): Promise<MeasureRow[]> {
  return manager.query(
    `SELECT m.id, m.title, m.description, m.owner_id, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.status,
            coalesce(array_agg(mr.risk_id) FILTER (WHERE mr.risk_id IS NOT NULL), '{}') AS risk_ids
       FROM measures m LEFT JOIN measure_risks mr ON mr.measure_id = m.id
      WHERE m.assessment_id = $1 GROUP BY m.id ORDER BY m.created_at`,
    [assessmentId],
  );
}
