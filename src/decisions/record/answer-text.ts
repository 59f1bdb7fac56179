import type { DataElement } from '../../assessments/inventory/data-element';
import type { Question } from '../../assessments/questionnaire/questionnaire.types';

const words = (value: string) => value.replace(/_/g, ' ');
const optionLabel = (question: Question, value: unknown) =>
  question.options?.find((o) => o.value === value)?.label ?? words(String(value));

/** An answer as a reader sees it: option labels rather than values, a group as one line per item. */
export function answerText(question: Question, value: unknown): string {
  if (value === undefined || value === null) return 'Not answered';
  switch (question.type) {
    case 'yes_no':
      return value ? 'Yes' : 'No';
    case 'single_choice':
      return optionLabel(question, value);
    case 'multiple_choice':
      return (value as unknown[]).map((v) => optionLabel(question, v)).join('; ') || 'None';
    case 'scale': {
      const { value: level, justification } = value as { value: number; justification: string };
      return `${level} of 4: ${justification}`;
    }
    case 'group':
      return (
        (value as Record<string, unknown>[])
          .map((item) =>
            (question.questions ?? [])
              .filter((sub) => item[sub.id] !== undefined)
              .map((sub) => `${sub.label}: ${answerText(sub, item[sub.id])}`)
              .join(', '),
          )
          .join('\n') || 'None'
      );
    case 'data_inventory':
      return `${(value as unknown[]).length} data elements (see the data inventory)`;
    default:
      return String(value);
  }
}

export function retentionText(retention: DataElement['retention']): string {
  return retention.unit === 'indefinite' ? 'indefinitely' : `${retention.value} ${retention.unit}`;
}
