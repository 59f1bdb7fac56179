import { DATA_ELEMENT_FIELDS } from '../inventory/data-element';
import type { Question } from './questionnaire.types';
import { type QuestionnaireState, sectionProgress } from './questionnaire-state';

type QuestionDescription = Record<string, unknown>;

/** Describes a question so that any client can render and fill it without knowing the template. */
function describe(question: Question): QuestionDescription {
  return {
    id: question.id,
    type: question.type,
    label: question.label,
    help: question.help ?? null,
    ...(question.options ? { options: question.options } : {}),
    ...(question.min !== undefined ? { min: question.min } : {}),
    ...(question.max !== undefined ? { max: question.max } : {}),
    ...(question.integer ? { integer: true } : {}),
    ...(question.maxLength !== undefined ? { maxLength: question.maxLength } : {}),
    ...(question.minItems !== undefined ? { minItems: question.minItems } : {}),
    ...(question.maxItems !== undefined ? { maxItems: question.maxItems } : {}),
    ...(question.type === 'scale' ? { scale: { min: 1, max: 4, justificationRequired: true } } : {}),
    ...(question.questions
      ? { questions: question.questions.map((sub) => ({ ...describe(sub), required: sub.required === true })) }
      : {}),
    ...(question.type === 'data_inventory'
      ? {
          fields: DATA_ELEMENT_FIELDS.map((f) => ({
            ...f,
            ...('options' in f
              ? { options: f.options.map((value) => ({ value, label: value.replace(/_/g, ' ') })) }
              : {}),
          })),
        }
      : {}),
  };
}

/** The questionnaire with its answers, each question's visibility and errors, and progress per section. */
export function questionnaireView(state: QuestionnaireState) {
  const progress = sectionProgress(state);
  const required = progress.reduce((n, s) => n + s.required, 0);
  const answered = progress.reduce((n, s) => n + s.answered, 0);
  return {
    template: { id: state.template.id, version: state.template.version, title: state.template.title },
    sections: state.template.sections.map((section, i) => ({
      id: section.id,
      title: section.title,
      description: section.description ?? null,
      visible: progress[i].visible,
      complete: progress[i].complete,
      requiredQuestions: progress[i].required,
      answeredRequiredQuestions: progress[i].answered,
      questions: section.questions.map((question) => {
        const q = state.questions.get(question.id)!;
        return {
          ...describe(question),
          required: q.required,
          visible: q.visible,
          disclosure: question.disclosure,
          answer: state.answers[question.id] ?? null,
          errors: q.missing.map((m) => ({ pointer: m.pointer, detail: m.detail })),
        };
      }),
    })),
    progress: {
      requiredQuestions: required,
      answeredRequiredQuestions: answered,
      percent: required === 0 ? 100 : Math.floor((answered / required) * 100),
      complete: progress.every((s) => s.complete),
    },
  };
}
