import type { Disclosure, QuestionnaireTemplate } from '../../assessments/questionnaire/questionnaire.types';
import { DECISION_OUTCOME_LABELS } from '../../common/labels';
import { answerText } from '../../decisions/record/answer-text';
import type { DecisionOutcome } from '../../decisions/record/decision-record';

/** A register row as read from the database. */
export interface RegisterRow {
  decision_id: string;
  assessment_ref: string;
  title: string;
  department: string;
  questionnaire_id: string;
  questionnaire_version: number;
  answers: Record<string, unknown> | null;
  outcome: DecisionOutcome;
  decided_at: string;
  review_cycle: number;
  reasons: string | null;
  document_version: number | null;
  document_template_id: string | null;
  document_template_version: number | null;
  html_sha256: string | null;
  pdf_sha256: string | null;
  disposed_at: string | null;
}

/** One entry of the public register: flat, with stable column names, the same in JSON and CSV. */
export type RegisterEntry = Record<string, string | number | null>;

/** What stands in a withheld field's `_withheld` column: the exemption cited, or that it is internal. */
const withheldNote = (d: Disclosure) =>
  d.level === 'exempt' ? `exempt: ${d.exemption}` : 'internal: not for publication';

export interface RegisterContext {
  baseUrl: string;
  questions: string[];
  /** How the reasons are tagged by the document template a decision was rendered with (or will be). */
  reasonsDisclosure: (templateId: string | null, version: number | null) => Disclosure;
  questionnaire: (id: string, version: number) => QuestionnaireTemplate;
}

export function registerColumns(questions: string[]): string[] {
  return [
    'decision_id',
    'assessment_ref',
    'title',
    'department',
    'outcome',
    'outcome_label',
    'decided_at',
    'review_cycle',
    'reasons',
    'reasons_withheld',
    ...questions.flatMap((q) => [q, `${q}_withheld`]),
    'document_version',
    'document_url',
    'manifest_url',
    'html_sha256',
    'pdf_sha256',
    'jwks_url',
    'verify_url',
    'documents_destroyed_at',
  ];
}

/** Only what is tagged public is shown; a withheld field says under which exemption. */
export function registerEntry(row: RegisterRow, context: RegisterContext): RegisterEntry {
  const template = context.questionnaire(row.questionnaire_id, row.questionnaire_version);
  const questions = template.sections.flatMap((s) => s.questions);
  const fields: RegisterEntry = {};
  for (const id of context.questions) {
    const question = questions.find((q) => q.id === id);
    const disclosure: Disclosure = question?.disclosure ?? { level: 'internal' };
    const publicField = question && disclosure.level === 'public';
    fields[id] = publicField && row.answers?.[id] !== undefined ? answerText(question, row.answers[id]) : null;
    fields[`${id}_withheld`] = question && !publicField ? withheldNote(disclosure) : null;
  }
  const reasonsDisclosure = context.reasonsDisclosure(row.document_template_id, row.document_template_version);
  const reasonsPublic = reasonsDisclosure.level === 'public';
  const documents = row.document_version !== null && !row.disposed_at;
  const base = `${context.baseUrl}/public/decisions/${row.decision_id}`;
  return {
    decision_id: row.decision_id,
    assessment_ref: row.assessment_ref,
    title: row.title,
    department: row.department,
    outcome: row.outcome,
    outcome_label: DECISION_OUTCOME_LABELS[row.outcome],
    decided_at: row.decided_at,
    review_cycle: row.review_cycle,
    reasons: reasonsPublic ? row.reasons : null,
    reasons_withheld: reasonsPublic ? null : withheldNote(reasonsDisclosure),
    ...fields,
    document_version: documents ? row.document_version : null,
    document_url: documents ? `${base}/document.html` : null,
    manifest_url: documents ? `${base}/manifest.jws` : null,
    html_sha256: documents ? row.html_sha256 : null,
    pdf_sha256: documents ? row.pdf_sha256 : null,
    jwks_url: `${context.baseUrl}/.well-known/jwks.json`,
    verify_url: `${context.baseUrl}/decisions/verify`,
    documents_destroyed_at: row.disposed_at,
  };
}
