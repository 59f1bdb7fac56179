import { type ConditionContext, holds, type Trigger, triggersOf } from '../../assessments/questionnaire/conditions';
import { RISK_LEVELS, type RiskLevel, type RiskModel } from '../model/risk-model.types';

/** Values of a model's dimensions, e.g. { severity: 3, likelihood: 2 }. */
export type Dimensions = Record<string, number>;

export interface Position {
  dimensions: Dimensions;
  /** x × y on the model's axes. */
  score: number;
  level: RiskLevel;
}

export interface FactorFinding {
  factor: string;
  label: string;
  triggeredBy: Trigger[];
}

export interface ScoredRisk extends Position {
  riskId: string;
  label: string;
  category: string;
  /** Every factor that moved this risk, what it added and the answers that raised it. */
  explanation: { factor: string; label: string; add: Dimensions; triggeredBy: Trigger[] }[];
}

export interface InherentScoring {
  model: { id: string; version: number };
  factors: FactorFinding[];
  risks: ScoredRisk[];
  legalFlags: FactorFinding[];
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The level of a score: the highest threshold it reaches. */
export function levelOf(model: RiskModel, score: number): RiskLevel {
  let level = model.thresholds[0].level;
  for (const threshold of model.thresholds) if (score >= threshold.min) level = threshold.level;
  return level;
}

/** The score and level of a set of dimension values under a model. */
export function position(model: RiskModel, dimensions: Dimensions): Position {
  const axis = (ids: string[]) => ids.reduce((total, id) => total + dimensions[id], 0);
  const score = axis(model.axes.x.dimensions) * axis(model.axes.y.dimensions);
  return { dimensions, score, level: levelOf(model, score) };
}

/**
 * Inherent risk from the answers and the inventory: which factors hold (and why), and for each risk its
 * base values plus what those factors add, clamped to the scales. Pure: no I/O, same input same output.
 */
export function scoreInherent(model: RiskModel, context: ConditionContext): InherentScoring {
  const active = new Map<string, FactorFinding>();
  for (const factor of model.factors) {
    if (holds(factor.when, context))
      active.set(factor.id, { factor: factor.id, label: factor.label, triggeredBy: triggersOf(factor.when, context) });
  }
  const risks = model.risks.map((risk): ScoredRisk => {
    const dimensions: Dimensions = { ...risk.base };
    const explanation: ScoredRisk['explanation'] = [];
    for (const contribution of risk.contributions) {
      const finding = active.get(contribution.factor);
      if (!finding) continue;
      for (const [d, add] of Object.entries(contribution.add)) dimensions[d] += add;
      explanation.push({
        factor: finding.factor,
        label: finding.label,
        add: contribution.add,
        triggeredBy: finding.triggeredBy,
      });
    }
    for (const d of model.dimensions) dimensions[d.id] = clamp(dimensions[d.id], d.min, d.max);
    return { riskId: risk.id, label: risk.label, category: risk.category, ...position(model, dimensions), explanation };
  });
  const legalFlags = model.legalFlags
    .filter((flag) => holds(flag.when, context))
    .map((flag) => ({ factor: flag.id, label: flag.label, triggeredBy: triggersOf(flag.when, context) }));
  return { model: { id: model.id, version: model.version }, factors: [...active.values()], risks, legalFlags };
}

export const atLeast = (level: RiskLevel, floor: RiskLevel) => RISK_LEVELS.indexOf(level) >= RISK_LEVELS.indexOf(floor);
export const highest = (levels: RiskLevel[]): RiskLevel | null =>
  levels.length ? levels.reduce((a, b) => (RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b) ? a : b)) : null;
