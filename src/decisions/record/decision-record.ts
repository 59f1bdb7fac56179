import type { Disclosure } from '../../assessments/questionnaire/questionnaire.types';
import type { HeatmapLayout } from '../../risk/heatmap';

/**
 * Everything a decision document says, gathered once and rendered twice (HTML and PDF). Parts that
 * may be withheld from the public carry their disclosure tag; `publicRecord` replaces those.
 */
export interface DecisionRecord {
  organisation: string;
  template: { id: string; version: number; title: string };
  decision: {
    id: string;
    outcome: DecisionOutcome;
    outcomeLabel: string;
    decidedAt: string;
    decidedBy: string | null;
    reasons: Disclosed<string | null>;
    cycle: number;
    /** A high residual risk was accepted: the decision is escalated (the pattern of GDPR Art. 36). */
    escalated: boolean;
  };
  document: {
    version: number;
    supersedes: { version: number; pdfSha256: string } | null;
    correctionReason: string | null;
  };
  assessment: {
    id: string;
    ref: string;
    title: string;
    department: string;
    owner: string;
    createdAt: string;
    submittedAt: string | null;
  };
  screening: {
    outcome: string;
    proposedOutcome: string;
    rationale: string;
    overrideReason: string | null;
    criteria: { name: string; met: boolean }[];
    criteriaMet: number;
    surveillance: boolean;
  };
  inventory: Disclosed<InventorySummary>;
  answers: AnswerSection[];
  risks: Disclosed<RiskSummary | null>;
  measures: Disclosed<MeasureLine[]>;
  legalReview: LegalReview;
  /** Workflow v2's named reviews of the decision's cycle: which applied and why, and each clearance; null on v1. */
  namedReviews: NamedReviewLine[] | null;
  legalFindings: Disclosed<Finding[]>;
  conditions: Disclosed<ConditionLine[]>;
  signOffs: SignOff[];
  /** The comment threads still open when the decision was made (who opened each, on what); their text stays in the engine. */
  openThreads: OpenThread[];
  /** The deciding signature and what it means; templates before version 2 have none. */
  signature: Signature | null;
  versions: { template: string; questionnaire: string; riskModel: string | null; machine: string };
  lastEvent: { seq: number; hash: string };
}

export const DECISION_OUTCOMES = ['approved', 'remediation', 'rejected', 'closed_not_required'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** A part of the record with its disclosure; `withheld` is true only in the public rendering. */
export interface Disclosed<T> {
  disclosure: Disclosure;
  value: T;
  withheld: boolean;
}

export interface InventorySummary {
  count: number;
  sensitiveCount: number;
  elements: {
    name: string;
    category: string;
    sensitivity: string;
    source: string;
    recipients: string;
    retention: string;
    legalBasis: string;
  }[];
}

export interface AnswerSection {
  title: string;
  answers: Disclosed<{ label: string; text: string }>[];
}

export interface RiskSummary {
  model: string;
  inherentLevel: string | null;
  residualLevel: string | null;
  items: { n: number; label: string; category: string; inherent: string; residual: string; treatment: string }[];
  /** Each accepted high residual risk, when the decision accepts it (the escalation's grounds). */
  escalation: string[];
  heatmapSvg: string;
  /** The same positions as data, for the PDF's own drawing of the heat map. */
  heatmap: HeatmapLayout;
}

export interface MeasureLine {
  title: string;
  description: string | null;
  status: string;
  owner: string | null;
  dueDate: string | null;
  risks: string;
}

export interface Finding {
  by: string;
  at: string;
  text: string;
}

/** Whether the cycle went through legal review, and who cleared it when (the findings themselves may be withheld). */
export interface LegalReview {
  required: boolean;
  clearances: { by: string; at: string }[];
}

export interface NamedReviewLine {
  review: string;
  name: string;
  applies: boolean;
  reason: string;
  /** The latest clearance of the cycle: who, in what role, when, and what it means. */
  clearance: { by: string; role: string; at: string; meaning: string } | null;
}

export interface Signature {
  name: string;
  role: string;
  at: string;
  statement: string;
  /** The signer re-entered their password to sign (approving and rejecting). */
  reauthenticated: boolean;
}

export interface ConditionLine {
  text: string;
  owner: string | null;
  dueDate: string | null;
}

export interface SignOff {
  name: string;
  role: string;
  at: string;
  meaning: string;
}

export interface OpenThread {
  /** The question's label; null: about the assessment as a whole. */
  question: string | null;
  openedBy: string;
  openedAt: string;
  requestedChange: boolean;
}

export interface WithheldNotice {
  part: string;
  level: string;
  exemption: string | null;
}

/** The public rendering: parts not tagged public are emptied and listed, with the exemption cited. */
export function publicRecord(record: DecisionRecord): { record: DecisionRecord; withheld: WithheldNotice[] } {
  const withheld: WithheldNotice[] = [];
  const redact = <T>(part: string, item: Disclosed<T>, empty: T): Disclosed<T> => {
    if (item.disclosure.level === 'public') return item;
    withheld.push({ part, level: item.disclosure.level, exemption: item.disclosure.exemption ?? null });
    return { ...item, value: empty, withheld: true };
  };
  const answers = record.answers.map((section) => ({
    title: section.title,
    answers: section.answers.map((a) =>
      redact(`${section.title}: ${a.value.label}`, a, { label: a.value.label, text: '' }),
    ),
  }));
  return {
    record: {
      ...record,
      decision: { ...record.decision, reasons: redact('Reasons for the decision', record.decision.reasons, null) },
      inventory: redact('Data inventory', record.inventory, { count: 0, sensitiveCount: 0, elements: [] }),
      answers,
      risks: redact('Risks and heat map', record.risks, null),
      measures: redact('Measures', record.measures, []),
      legalFindings: redact('Legal findings', record.legalFindings, []),
      conditions: redact('Conditions', record.conditions, []),
    },
    withheld,
  };
}
