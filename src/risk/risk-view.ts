import type { Position } from './scoring/scoring';

/** A risk as stored: the computed inherent position, the one in force (maybe adjusted), residual and target. */
export interface RiskRow {
  id: string;
  assessment_id: string;
  model_risk_id: string;
  label: string;
  category: string;
  computed: Position & { explanation: unknown[] };
  inherent: Position & { adjusted: boolean };
  residual: Position | null;
  target: Position | null;
  treatment: 'reduced' | 'accepted' | 'eliminated' | 'transferred' | null;
  owner_id: string | null;
  due_date: string | null;
  /** retired: the model's newer version no longer has this risk. */
  status: 'open' | 'treated' | 'closed' | 'retired';
  updated_at: Date;
}

export interface MeasureRow {
  id: string;
  title: string;
  description: string | null;
  owner_id: string | null;
  due_date: string | null;
  status: string;
  risk_ids: string[];
}

export function riskView(row: RiskRow, measures: MeasureRow[]) {
  return {
    id: row.id,
    modelRiskId: row.model_risk_id,
    label: row.label,
    category: row.category,
    inherent: row.inherent,
    computed: { dimensions: row.computed.dimensions, score: row.computed.score, level: row.computed.level },
    explanation: row.computed.explanation,
    residual: row.residual,
    target: row.target,
    treatment: row.treatment,
    ownerId: row.owner_id,
    dueDate: row.due_date,
    status: row.status,
    measureIds: measures.filter((m) => m.risk_ids.includes(row.id)).map((m) => m.id),
  };
}

export function measureView(row: MeasureRow) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    ownerId: row.owner_id,
    dueDate: row.due_date,
    status: row.status,
    riskIds: row.risk_ids,
  };
}
