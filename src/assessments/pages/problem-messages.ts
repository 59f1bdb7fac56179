import type { FieldError } from '../../common/errors/problem-details';
import type { Question, Section } from '../questionnaire/questionnaire.types';
import { fieldIdOfPointer } from './answer-form';
import { sentence } from '../../web/forms';

const DATA_ELEMENT_LABELS: Record<string, string> = {
  name: 'Data element',
  category: 'Category',
  sensitivity: 'Sensitivity',
  source: 'Source',
  recipients: 'Recipients',
  retention: 'Retention period',
  legalBasis: 'Legal basis',
  legalBasisDetail: 'Statute, ordinance or agreement',
};

/**
 * The service's field messages are written for API clients ("must be one of: …"); on a form a person reads
 * what to do instead. Anything not recognised is shown as the service wrote it.
 */
function plainDetail(detail: string): string {
  if (detail === 'is required') return 'Answer this question';
  if (detail.startsWith('must be one of')) return 'Choose one of the options';
  if (detail.startsWith('must be a non-empty list of distinct values')) return 'Choose at least one';
  if (detail.startsWith('must be { "value": 1..1000')) {
    return 'Enter a whole number from 1 to 1000 with days, months or years, or choose indefinite with no number';
  }
  if (detail.startsWith('must be a non-empty text of at most 200')) return 'Enter a name of at most 200 characters';
  if (detail === 'must be a date as YYYY-MM-DD') return 'Enter a real date';
  if (detail === 'must be true or false') return 'Choose yes or no';
  if (detail === 'is required: explain the score') return 'Explain the score you chose';
  if (detail === 'must be a whole number from 1 to 4') return 'Choose a score from 1 to 4';
  return detail;
}

/** What a pointer names, for the error summary: the question, and within a row the item and its field. */
function whatOf(question: Question, rest: string[]): string {
  const [index, field] = rest;
  if (index === undefined || !/^\d+$/.test(index)) return question.label;
  const itemName = question.type === 'data_inventory' ? 'data element' : 'item';
  const fieldLabel =
    field === undefined
      ? null
      : question.type === 'data_inventory'
        ? (DATA_ELEMENT_LABELS[field] ?? field)
        : (question.questions?.find((q) => q.id === field)?.label ?? field);
  return `${question.label}, ${itemName} ${Number(index) + 1}${fieldLabel ? `, ${fieldLabel}` : ''}`;
}

export interface PlacedProblem {
  /** The element id the summary links to. */
  field: string;
  /** Beside the field. */
  message: string;
  /** In the summary, naming the question. */
  summary: string;
  sectionId: string | null;
}

/** A service's field errors placed on the form: each one's element, its message, and its section. */
export function placeProblems(errors: FieldError[], sections: Section[]): PlacedProblem[] {
  const questions = new Map(sections.flatMap((s) => s.questions.map((q) => [q.id, { q, s }] as const)));
  return errors.map((error) => {
    const [questionId, ...rest] = error.pointer.replace(/^\/answers\//, '').split('/');
    const found = questions.get(questionId);
    const message = sentence(plainDetail(error.detail.replace(/^item \d+: "[^"]*" /, '')));
    const what = found ? whatOf(found.q, rest) : questionId;
    return {
      field: fieldIdOfPointer(error.pointer),
      message,
      summary:
        message === 'Answer this question.'
          ? `Answer: ${what}`
          : `${what}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`,
      sectionId: found?.s.id ?? null,
    };
  });
}
