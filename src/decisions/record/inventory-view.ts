import { type DataElement, SENSITIVE_CATEGORIES } from '../../assessments/inventory/data-element';
import type { Question, QuestionnaireTemplate } from '../../assessments/questionnaire/questionnaire.types';
import { label } from '../../common/labels';
import { retentionText } from './answer-text';

/**
 * The data inventory in words, from the answer to the questionnaire's data-inventory question: what the
 * decision document prints and the approver's decision page shows, from this one function.
 */
export function inventoryView(questionnaire: QuestionnaireTemplate, answers: Record<string, unknown>) {
  const question: Question | undefined = questionnaire.sections
    .flatMap((s) => s.questions)
    .find((q) => q.type === 'data_inventory');
  const elements = (question ? (answers[question.id] as DataElement[] | undefined) : undefined) ?? [];
  return {
    question,
    count: elements.length,
    sensitiveCount: elements.filter((e) => SENSITIVE_CATEGORIES.includes(e.category)).length,
    elements: elements.map((e) => ({
      name: e.name,
      category: label.inventory('category', e.category),
      sensitivity: label.inventory('sensitivity', e.sensitivity),
      source: label.inventory('source', e.source),
      recipients: e.recipients.map((r) => label.inventory('recipients', r)).join(', '),
      retention: retentionText(e.retention),
      legalBasis: `${label.inventory('legalBasis', e.legalBasis)}${e.legalBasisDetail ? ` (${e.legalBasisDetail})` : ''}`,
    })),
  };
}
