import type { Condition } from '../../assessments/questionnaire/questionnaire.types';

/**
 * A risk method as data (templates/risk-models/<id>.v<version>.json): its dimensions and scales, how
 * they combine into a score, the thresholds of each level, the factors read from the answers and the
 * inventory, and the risks those factors raise. CNIL's and NIST PRAM's methods are both expressible.
 */
export interface RiskModel {
  id: string;
  version: number;
  title: string;
  description?: string;
  /** Each scored quantity, e.g. severity 1..4, or NIST's likelihood and five impact factors 1..10. */
  dimensions: Dimension[];
  /** score = x × y, each axis the sum of its dimensions; the heat map draws the same two axes. */
  axes: { x: Axis; y: Axis };
  /** Ascending; a score at or above `min` has the level (the highest that applies). */
  thresholds: { level: RiskLevel; min: number }[];
  factors: Factor[];
  risks: RiskDefinition[];
  /** When a legal flag is raised, whatever the score: legal review becomes required. */
  legalFlags: { id: string; label: string; when: Condition }[];
  /** CNIL: a risk that is reduced, eliminated or transferred needs at least one linked measure. */
  requireMeasure: boolean;
}

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface Dimension {
  id: string;
  label: string;
  min: number;
  max: number;
  /** Labels of the scale points, e.g. { "1": "Negligible" }. */
  labels?: Record<string, string>;
}

export interface Axis {
  label: string;
  dimensions: string[];
}

/** Something about the project that raises risks, decided by a condition on answers or the inventory. */
export interface Factor {
  id: string;
  label: string;
  when: Condition;
}

export interface RiskDefinition {
  id: string;
  label: string;
  /** e.g. "cnil_feared_event", "nist_problematic_data_action". */
  category: string;
  description?: string;
  /** The value of each dimension before any factor. */
  base: Record<string, number>;
  /** What each factor adds to each dimension (clamped to the scale). */
  contributions: { factor: string; add: Record<string, number> }[];
}
