import { formatDate } from '../../decisions/templates/handlebars-helpers';
import type { Question } from '../questionnaire/questionnaire.types';

/** "city_data_center" reads as "City data center" where a value has no label of its own. */
export const labelOfValue = (value: string) => {
  const words = value.replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
};

function optionLabel(question: Question, value: unknown): string {
  return question.options?.find((o) => o.value === value)?.label ?? labelOfValue(String(value));
}

/** An answer in words, for the read-only view and beside a conflicting answer: never the stored JSON. */
export function answerText(question: Question, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not answered';
  switch (question.type) {
    case 'yes_no':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'single_choice':
      return optionLabel(question, value);
    case 'multiple_choice':
      return Array.isArray(value) && value.length
        ? value.map((v) => optionLabel(question, v)).join('; ')
        : 'Not answered';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : String(value);
    case 'scale': {
      const { value: score, justification } = value as { value?: unknown; justification?: unknown };
      return `${String(score)} of 4: ${String(justification ?? '')}`;
    }
    case 'data_inventory':
      return (value as Record<string, unknown>[])
        .map((e) => `${String(e.name)} (${labelOfValue(String(e.category))})`)
        .join('; ');
    case 'group':
      return (value as Record<string, unknown>[])
        .map((item) =>
          question
            .questions!.filter((sub) => item[sub.id] !== undefined)
            .map((sub) => `${sub.label}: ${answerText(sub, item[sub.id])}`)
            .join(', '),
        )
        .join('; ');
    default:
      return String(value);
  }
}
