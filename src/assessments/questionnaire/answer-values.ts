import { dataElementProblems } from '../inventory/data-element';
import type { FieldError } from '../../common/errors/problem-details';
import type { Question } from './questionnaire.types';

const DEFAULT_MAX_LENGTH = { short_text: 300, long_text: 20000 } as const;
const MAX_JUSTIFICATION = 5000;
const DEFAULT_MAX_ITEMS = 100;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A real calendar date in YYYY-MM-DD. */
function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** "Empty" answers clear the question rather than being stored. */
export function isEmptyAnswer(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Problems with one answer's value for its question type; empty when the value is acceptable.
 * `pointer` is where the value sits in the request body, so nested problems point into it.
 */
export function answerProblems(question: Question, value: unknown, pointer: string): FieldError[] {
  if (isEmptyAnswer(value)) return [];
  const problem = (detail: string, at = pointer): FieldError[] => [{ pointer: at, detail }];
  const optionValues = question.options?.map((o) => o.value) ?? [];

  switch (question.type) {
    case 'short_text':
    case 'long_text': {
      const max = question.maxLength ?? DEFAULT_MAX_LENGTH[question.type];
      if (typeof value !== 'string') return problem('must be text');
      return value.length > max ? problem(`must be at most ${max} characters`) : [];
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return problem('must be a number');
      if (question.integer && !Number.isInteger(value)) return problem('must be a whole number');
      if (question.min !== undefined && value < question.min) return problem(`must be at least ${question.min}`);
      if (question.max !== undefined && value > question.max) return problem(`must be at most ${question.max}`);
      return [];
    }
    case 'yes_no':
      return typeof value === 'boolean' ? [] : problem('must be true or false');
    case 'date':
      return isIsoDate(value) ? [] : problem('must be a date as YYYY-MM-DD');
    case 'single_choice':
      return typeof value === 'string' && optionValues.includes(value)
        ? []
        : problem(`must be one of: ${optionValues.join(', ')}`);
    case 'multiple_choice': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return problem('must be a list of option values');
      const unknown = value.filter((v) => !optionValues.includes(v));
      if (unknown.length) return problem(`has values that are not options: ${unknown.join(', ')}`);
      if (new Set(value).size !== value.length) return problem('lists a value twice');
      if (question.minItems !== undefined && value.length < question.minItems)
        return problem(`must list at least ${question.minItems}`);
      if (question.maxItems !== undefined && value.length > question.maxItems)
        return problem(`must list at most ${question.maxItems}`);
      return [];
    }
    case 'scale': {
      if (!isObject(value)) return problem('must be { "value": 1..4, "justification": text }');
      const extra = Object.keys(value).filter((k) => k !== 'value' && k !== 'justification');
      if (extra.length) return problem(`has unknown fields: ${extra.join(', ')}`);
      if (!Number.isInteger(value.value) || (value.value as number) < 1 || (value.value as number) > 4)
        return problem('must be a whole number from 1 to 4', `${pointer}/value`);
      if (typeof value.justification !== 'string' || !value.justification.trim())
        return problem('is required: explain the score', `${pointer}/justification`);
      return value.justification.length > MAX_JUSTIFICATION
        ? problem(`must be at most ${MAX_JUSTIFICATION} characters`, `${pointer}/justification`)
        : [];
    }
    case 'group':
      return itemsProblems(question, value, pointer, (item, at) => groupItemProblems(question, item, at));
    case 'data_inventory':
      return itemsProblems(question, value, pointer, (item, at) =>
        Object.entries(dataElementProblems(item)).map(([field, detail]) => ({
          pointer: field ? `${at}/${field}` : at,
          detail,
        })),
      );
  }
}

function itemsProblems(
  question: Question,
  value: unknown,
  pointer: string,
  check: (item: unknown, at: string) => FieldError[],
): FieldError[] {
  if (!Array.isArray(value)) return [{ pointer, detail: 'must be a list' }];
  const max = question.maxItems ?? DEFAULT_MAX_ITEMS;
  if (value.length > max) return [{ pointer, detail: `must have at most ${max} items` }];
  return value.flatMap((item, i) => check(item, `${pointer}/${i}`));
}

/** An item may be partly filled while drafting; what it lacks is reported by completeness, not here. */
function groupItemProblems(group: Question, item: unknown, pointer: string): FieldError[] {
  if (!isObject(item)) return [{ pointer, detail: 'must be an object keyed by the group’s question ids' }];
  const fields = new Map(group.questions!.map((q) => [q.id, q]));
  return Object.entries(item).flatMap(([key, v]) => {
    const field = fields.get(key);
    return field
      ? answerProblems(field, v, `${pointer}/${key}`)
      : [{ pointer: `${pointer}/${key}`, detail: 'is not a question of this group' }];
  });
}

/** Drops empty values inside group items, so stored items hold only what was answered. */
export function normaliseAnswer(question: Question, value: unknown): unknown {
  if (question.type !== 'group' || !Array.isArray(value)) return value;
  return value.map((item: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(item).filter(([, v]) => !isEmptyAnswer(v))),
  );
}
