import type { Assessment } from '../assessments/entities/assessment.entity';
import type { RiskModel } from './model/risk-model.types';
import type { MeasureRow, RiskRow } from './risk-view';
import { atLeast } from './scoring/scoring';

/** What routing after the risk stage needs to know. */
export interface RiskRouting {
  /** Every risk has a treatment and a residual position (and a measure, where the model asks for one). */
  complete: boolean;
  incomplete: string[];
  /** Residual risk at high or above, or a legal flag: legal review is required. */
  legalReviewRequired: boolean;
  legalReasons: string[];
  /** An accepted residual risk at high or above: the approver must see it (GDPR Art. 36 pattern). */
  escalation: boolean;
  escalationReasons: string[];
}

/** Whether the register is complete, and where it leads: legal review, escalation to the approver. */
export function riskRouting(
  model: RiskModel,
  assessment: Assessment,
  risks: RiskRow[],
  measures: MeasureRow[],
): RiskRouting {
  const current = risks.filter((r) => r.status !== 'retired');
  const incomplete = current.flatMap((r) => {
    if (!r.treatment || !r.residual) return [`${r.label}: needs a treatment and a residual score`];
    const needsMeasure =
      model.requireMeasure && r.treatment !== 'accepted' && !measures.some((m) => m.risk_ids.includes(r.id));
    return needsMeasure ? [`${r.label}: a ${r.treatment} risk needs at least one measure`] : [];
  });
  const positionOf = (r: RiskRow) => r.residual ?? r.inherent;
  const high = current.filter((r) => atLeast(positionOf(r).level, 'high'));
  const flags = ((assessment.riskFindings?.legalFlags as { label: string }[] | undefined) ?? []).map((f) => f.label);
  const accepted = current.filter((r) => r.treatment === 'accepted' && r.residual && atLeast(r.residual.level, 'high'));
  return {
    complete: incomplete.length === 0,
    incomplete,
    legalReviewRequired: high.length > 0 || flags.length > 0,
    legalReasons: [
      ...high.map((r) => `${r.label}: ${positionOf(r).level} ${r.residual ? 'residual' : 'inherent'} risk`),
      ...flags,
    ],
    escalation: accepted.length > 0,
    escalationReasons: accepted.map((r) => `${r.label}: ${r.residual!.level} residual risk accepted`),
  };
}
