import { answerText } from '../../assessments/pages/answer-text';
import type { QuestionnaireTemplate } from '../../assessments/questionnaire/questionnaire.types';
import type { Trigger } from '../../assessments/questionnaire/conditions';
import { label } from '../../common/labels';
import type { Dimension } from '../model/risk-model.types';
import type { Dimensions, Position } from '../scoring/scoring';

/** The model's scales as the register reports them. */
export interface ScaleModel {
  dimensions: Dimension[];
}

/** A risk of the register as RiskRegisterService reports it (riskView). */
export interface RegisterRisk {
  id: string;
  label: string;
  category: string;
  inherent: Position & { adjusted?: boolean };
  computed: Position;
  explanation: unknown;
  residual: Position | null;
  target: Position | null;
  treatment: string | null;
  status: string;
  measureIds: string[];
}

export const POSITION_KINDS = ['inherent', 'residual', 'target'] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];
export const KIND_LABELS: Record<PositionKind, string> = {
  inherent: 'Inherent',
  residual: 'Residual',
  target: 'Target',
};
export const TREATMENTS = ['reduced', 'accepted', 'eliminated', 'transferred'] as const;
export const MEASURE_STATUSES = ['planned', 'in_progress', 'done'] as const;

/** "3 (Significant)": a scale point with its label, when the model names it. */
export function pointText(dimension: Dimension, value: number): string {
  const name = dimension.labels?.[String(value)];
  return name ? `${value} (${name})` : String(value);
}

/** Each dimension's value in words, e.g. "Severity 3 (Significant), Likelihood 2 (Limited)". */
export function dimensionsText(model: ScaleModel, dimensions: Dimensions): string {
  return model.dimensions
    .filter((d) => dimensions[d.id] !== undefined)
    .map((d) => `${d.label} ${pointText(d, dimensions[d.id])}`)
    .join(', ');
}

/** A position for a page: its level in words, its score and what it is made of; null when not scored yet. */
export function positionView(model: ScaleModel, position: Position | null) {
  if (!position) return null;
  return {
    level: label.riskLevel(position.level),
    levelCode: position.level,
    score: position.score,
    dimensions: dimensionsText(model, position.dimensions),
  };
}

/** "+1 severity, +2 likelihood": what a factor added to each dimension. */
export function contributionText(model: ScaleModel, add: Dimensions): string {
  return Object.entries(add)
    .map(([id, n]) => {
      const name = model.dimensions.find((d) => d.id === id)?.label ?? id;
      return `${n >= 0 ? '+' : '−'}${Math.abs(n)} ${name.toLowerCase()}`;
    })
    .join(', ');
}

/** Where the answers are, and which sections the viewer can open now (a hidden section's page is a 404). */
export interface AnswerPlaces {
  template: QuestionnaireTemplate;
  visibleSections: Set<string>;
  /** /pia/REF */
  base: string;
}

export interface AnswerView {
  question: string;
  answer: string;
  href: string | null;
}

/** The answer behind a factor: its question in words, the answer as scored, and a link to it where it can be read. */
export function answerView(places: AnswerPlaces, trigger: Trigger): AnswerView {
  for (const section of places.template.sections) {
    const question = section.questions.find((q) => q.id === trigger.questionId);
    if (!question) continue;
    // An inventory's trigger names the matching elements ("Plate (vehicle)"), not the rows themselves.
    const answer =
      question.type === 'data_inventory' && Array.isArray(trigger.answer)
        ? trigger.answer.map(String).join('; ')
        : answerText(question, trigger.answer);
    const href = places.visibleSections.has(section.id)
      ? `${places.base}/sections/${encodeURIComponent(section.id)}#${encodeURIComponent(question.id)}`
      : null;
    return { question: question.label, answer, href };
  }
  return { question: trigger.questionId, answer: String(trigger.answer ?? ''), href: null };
}

interface Explanation {
  factor: string;
  label: string;
  add: Dimensions;
  triggeredBy: Trigger[];
}

/** The factors behind a risk's computed score, each with what it added and the answers that raised it. */
export function factorViews(model: ScaleModel, explanation: unknown, places: AnswerPlaces) {
  const factors = Array.isArray(explanation) ? (explanation as Explanation[]) : [];
  return factors.map((f) => ({
    label: f.label,
    adds: contributionText(model, f.add ?? {}),
    answers: (f.triggeredBy ?? []).map((t) => answerView(places, t)),
  }));
}

export interface HistoryRow {
  id: number;
  kind: string;
  before: unknown;
  after: unknown;
  justifications: Record<string, string> | null;
  actorId: string | null;
  at: Date | string;
}

const HISTORY_KINDS: Record<string, string> = {
  inherent: 'Inherent score adjusted',
  residual: 'Residual score set',
  target: 'Target score set',
  treatment: 'Treatment recorded',
  rescored: 'Rescored',
};

function changeText(model: ScaleModel, kind: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (kind === 'treatment') return label.treatment(String(value));
  if (kind === 'rescored') {
    const { model: id, version } = value as { model?: string; version?: number };
    return `${String(id)} version ${String(version)}`;
  }
  const position = value as Partial<Position>;
  if (!position.level) return 'none';
  return `${label.riskLevel(position.level)}, score ${String(position.score)} (${dimensionsText(model, position.dimensions ?? {})})`;
}

/** A risk's adjustments in words, newest first: what changed, from what to what, why, by whom and when. */
export function historyView(model: ScaleModel, rows: HistoryRow[], names: Map<string, string>) {
  return [...rows].reverse().map((row) => {
    const justifications = Object.entries(row.justifications ?? {}).map(([id, text]) => ({
      label:
        row.kind === 'rescored' && id === 'reason'
          ? 'Reason'
          : id === 'all'
            ? 'All dimensions'
            : (model.dimensions.find((d) => d.id === id)?.label ?? id),
      text,
    }));
    return {
      heading: HISTORY_KINDS[row.kind] ?? row.kind,
      from: changeText(model, row.kind, row.before),
      to: changeText(model, row.kind, row.after),
      justifications,
      by: row.actorId ? (names.get(row.actorId) ?? 'Someone') : 'The engine',
      at: new Date(row.at).toISOString(),
    };
  });
}
