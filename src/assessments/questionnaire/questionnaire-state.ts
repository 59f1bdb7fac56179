import type { FieldError } from '../../common/errors/problem-details';
import type { DataElement } from '../inventory/data-element';
import { isEmptyAnswer } from './answer-values';
import { type Answers, holds } from './conditions';
import type { Question, QuestionnaireTemplate, Section } from './questionnaire.types';

export interface QuestionState {
  question: Question;
  section: Section;
  visible: boolean;
  required: boolean;
  /** What completing the questionnaire still needs here. */
  missing: FieldError[];
}

export interface QuestionnaireState {
  template: QuestionnaireTemplate;
  questions: Map<string, QuestionState>;
  /** The answers that are kept: those to visible questions. */
  answers: Answers;
  inventory: DataElement[];
}

/**
 * Works out, in template order, which questions are shown and required given the answers. Conditions
 * only read earlier questions (the loader checks this), so one pass settles everything; answers to
 * hidden questions are dropped and so cannot influence later conditions.
 */
export function evaluateQuestionnaire(template: QuestionnaireTemplate, given: Answers): QuestionnaireState {
  const answers: Answers = {};
  const context = { answers, inventory: [] as DataElement[] };
  const questions = new Map<string, QuestionState>();

  for (const section of template.sections) {
    for (const question of section.questions) {
      const visible = !question.visibleWhen || holds(question.visibleWhen, context);
      const value = visible ? given[question.id] : undefined;
      if (!isEmptyAnswer(value)) {
        answers[question.id] = value;
        if (question.type === 'data_inventory') context.inventory = value as DataElement[];
      }
      const required =
        visible &&
        (question.required === true || (question.requiredWhen !== undefined && holds(question.requiredWhen, context)));
      questions.set(question.id, {
        question,
        section,
        visible,
        required,
        missing: visible ? missingIn(question, required, answers[question.id]) : [],
      });
    }
  }
  return { template, questions, answers, inventory: context.inventory };
}

function missingIn(question: Question, required: boolean, value: unknown): FieldError[] {
  const pointer = `/answers/${question.id}`;
  if (isEmptyAnswer(value)) return required ? [{ pointer, detail: 'is required' }] : [];
  if (
    (question.type === 'group' || question.type === 'data_inventory') &&
    question.minItems &&
    (value as unknown[]).length < question.minItems
  ) {
    return [{ pointer, detail: `needs at least ${question.minItems} items` }];
  }
  if (question.type !== 'group') return [];
  // Group items may be saved half-filled; each required field of each item must be there to submit.
  return (value as Record<string, unknown>[]).flatMap((item, i) =>
    question
      .questions!.filter((sub) => sub.required && isEmptyAnswer(item[sub.id]))
      .map((sub) => ({ pointer: `${pointer}/${i}/${sub.id}`, detail: `item ${i + 1}: "${sub.label}" is required` })),
  );
}

export interface SectionProgress {
  id: string;
  title: string;
  visible: boolean;
  required: number;
  answered: number;
  complete: boolean;
  missing: FieldError[];
}

/** Per section: how many required questions are fully answered, and what is missing. */
export function sectionProgress(state: QuestionnaireState): SectionProgress[] {
  return state.template.sections.map((section) => {
    const inSection = section.questions.map((q) => state.questions.get(q.id)!);
    const required = inSection.filter((q) => q.required);
    const missing = inSection.flatMap((q) => q.missing);
    return {
      id: section.id,
      title: section.title,
      visible: inSection.some((q) => q.visible),
      required: required.length,
      answered: required.filter((q) => q.missing.length === 0).length,
      complete: missing.length === 0,
      missing,
    };
  });
}
