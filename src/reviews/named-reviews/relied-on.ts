import type { QuestionnaireTemplate } from '../../assessments/questionnaire/questionnaire.types';
import type { ReviewName } from '../../workflow/assessment-machine.types';

/**
 * The questionnaire sections each named review relies on (the city PIA's section ids). When an owner resubmits
 * after changes, a review that had cleared reopens if an answer in one of its sections changed since it cleared.
 * - privacy: the whole assessment but the legal section and the SIR's own sections.
 * - legal: the legal section, and what it reads for lawful basis: governance, the data inventory's legal bases
 *   (collection), and sharing agreements.
 * - security: technology and vendor, access and its controls, collection (the inventory), storage and
 *   encryption, sharing, and audit logging (monitoring).
 * - equity: the screening (whose data, surveillance), the purpose, and the SIR's racial equity and public
 *   engagement sections.
 * A template that has none of a review's sections gives it every question: a review never misses a change
 * because its template names sections differently.
 */
export const RELIED_ON_SECTIONS: Record<ReviewName, readonly string[]> = {
  privacy: [
    'screening',
    'abstract',
    'project_overview',
    'use_governance',
    'data_collection',
    'storage_retention',
    'sharing_accuracy',
    'monitoring',
  ],
  legal: ['legal', 'use_governance', 'data_collection', 'sharing_accuracy'],
  security: [
    'project_overview',
    'use_governance',
    'data_collection',
    'storage_retention',
    'sharing_accuracy',
    'monitoring',
  ],
  equity: ['screening', 'abstract', 'sir_racial_equity', 'sir_public_engagement'],
};

/** The question ids a review relies on in this template. */
export function reliedOnQuestions(template: QuestionnaireTemplate, review: ReviewName): string[] {
  const wanted = new Set(RELIED_ON_SECTIONS[review]);
  const sections = template.sections.some((s) => wanted.has(s.id))
    ? template.sections.filter((s) => wanted.has(s.id))
    : template.sections;
  return sections.flatMap((s) => s.questions.map((q) => q.id));
}
