import { isDeepStrictEqual } from 'node:util';
import { isEmptyAnswer, normaliseAnswer } from '../questionnaire/answer-values';
import type { Question } from '../questionnaire/questionnaire.types';
import { formText } from '../../web/forms';

/**
 * A question's answer as the form holds it: strings, as typed, so that a refused save shows exactly what the
 * person entered (an invalid number too). Scalars are one string, multiple choices a list, a scale its two
 * parts, a group or the data inventory its rows of fields.
 */
export type RowInput = Record<string, string | string[]>;
export type FormInput = string | string[] | { value: string; justification: string } | RowInput[];

/** Rows past this are not read: the largest list a template allows is 200 items. */
const MAX_ROWS = 500;

/** The data inventory's row fields as the form names them (retention is two inputs). */
export const INVENTORY_FIELDS = [
  'name',
  'category',
  'sensitivity',
  'source',
  'recipients',
  'retentionValue',
  'retentionUnit',
  'legalBasis',
  'legalBasisDetail',
] as const;
const LIST_FIELDS = new Set(['recipients']);

const isRows = (q: Question) => q.type === 'group' || q.type === 'data_inventory';
const rowFields = (q: Question): string[] =>
  q.type === 'data_inventory' ? [...INVENTORY_FIELDS] : q.questions!.map((sub) => sub.id);
const isListField = (q: Question, field: string) =>
  q.type === 'data_inventory'
    ? LIST_FIELDS.has(field)
    : q.questions!.find((s) => s.id === field)?.type === 'multiple_choice';

/** The form's name for a field: "scale_people", "compliance_risk.justification", "data_inventory.2.name". */
export const fieldName = (...parts: (string | number)[]) => parts.join('.');
/** The element id for a field, and the target of its error's link: "data_inventory-2-name". */
export const fieldId = (...parts: (string | number)[]) => parts.join('-');

/** The element id a service error's pointer ("/answers/data_inventory/2/retention") names. */
export function fieldIdOfPointer(pointer: string): string {
  return fieldId(...pointer.replace(/^\/answers\//, '').split('/'));
}

const text = (body: Record<string, unknown>, name: string) => formText(body, name, 20_000);

function list(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && v !== '').slice(0, 100);
}

/** What the form posted for a question. Rows that are blank or marked for removal are left out. */
export function inputFromBody(question: Question, rawBody: unknown): FormInput {
  const body = (rawBody ?? {}) as Record<string, unknown>;
  const id = question.id;
  if (question.type === 'multiple_choice') return list(body, id);
  if (question.type === 'scale') {
    return { value: text(body, fieldName(id, 'value')), justification: text(body, fieldName(id, 'justification')) };
  }
  if (!isRows(question)) return text(body, id);
  const prefix = `${id}.`;
  const indexes = new Set<number>();
  for (const key of Object.keys(body)) {
    const match = key.startsWith(prefix) ? /^(\d{1,3})\./.exec(key.slice(prefix.length)) : null;
    if (match) indexes.add(Number(match[1]));
  }
  const rows: RowInput[] = [];
  for (const index of [...indexes].sort((a, b) => a - b).slice(0, MAX_ROWS)) {
    if (text(body, fieldName(id, index, '_remove'))) continue;
    const row: RowInput = {};
    for (const field of rowFields(question)) {
      const name = fieldName(id, index, field);
      row[field] = isListField(question, field) ? list(body, name) : text(body, name);
    }
    if (!isBlankRow(row)) rows.push(row);
  }
  return rows;
}

function isBlankRow(row: RowInput): boolean {
  return Object.values(row).every((v) => (Array.isArray(v) ? v.length === 0 : v.trim() === ''));
}

/** A saved answer as the form shows it. */
export function inputOf(question: Question, answer: unknown): FormInput {
  if (answer === null || answer === undefined) return emptyInput(question);
  switch (question.type) {
    case 'multiple_choice':
      return Array.isArray(answer) ? answer.map(String) : [];
    case 'scale': {
      const { value, justification } = answer as { value?: unknown; justification?: unknown };
      return { value: value === undefined ? '' : String(value), justification: String(justification ?? '') };
    }
    case 'yes_no':
      return answer === true ? 'yes' : answer === false ? 'no' : '';
    case 'data_inventory':
      return (answer as Record<string, unknown>[]).map((element) => {
        const retention = (element.retention ?? {}) as { value?: unknown; unit?: unknown };
        return {
          name: String(element.name ?? ''),
          category: String(element.category ?? ''),
          sensitivity: String(element.sensitivity ?? ''),
          source: String(element.source ?? ''),
          recipients: Array.isArray(element.recipients) ? element.recipients.map(String) : [],
          retentionValue: retention.value === undefined ? '' : String(retention.value),
          retentionUnit: String(retention.unit ?? ''),
          legalBasis: String(element.legalBasis ?? ''),
          legalBasisDetail: String(element.legalBasisDetail ?? ''),
        };
      });
    case 'group':
      return (answer as Record<string, unknown>[]).map((item) =>
        Object.fromEntries(question.questions!.map((sub) => [sub.id, inputOf(sub, item[sub.id]) as string | string[]])),
      );
    default:
      return String(answer);
  }
}

export function emptyInput(question: Question): FormInput {
  if (question.type === 'multiple_choice') return [];
  if (question.type === 'scale') return { value: '', justification: '' };
  return isRows(question) ? [] : '';
}

/** A number as typed: a number when it reads as one, else the text itself, for the service to refuse. */
function numberOf(typed: string): unknown {
  const trimmed = typed.trim();
  if (trimmed === '') return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : typed;
}

function scalarOf(question: Question, typed: string): unknown {
  if (typed.trim() === '') return null;
  if (question.type === 'number') return numberOf(typed);
  if (question.type === 'yes_no') return typed === 'yes' ? true : typed === 'no' ? false : typed;
  return typed;
}

/**
 * The answer a form input stands for, as the service takes it (null clears the question). Values are passed
 * on as typed where they cannot be read, so the service's validation, the same as the API's, names the problem.
 */
export function answerOf(question: Question, input: FormInput): unknown {
  switch (question.type) {
    case 'multiple_choice':
      return input as string[];
    case 'scale': {
      const { value, justification } = input as { value: string; justification: string };
      if (value === '' && justification.trim() === '') return null;
      return { value: numberOf(value) ?? undefined, justification };
    }
    case 'data_inventory':
      return (input as RowInput[]).map(inventoryElementOf);
    case 'group':
      return (input as RowInput[]).map((row) =>
        Object.fromEntries(
          question
            .questions!.map((sub) => [sub.id, answerOf(sub, row[sub.id] ?? emptyInput(sub))] as const)
            .filter(([, value]) => !isEmptyAnswer(value)),
        ),
      );
    default:
      return scalarOf(question, input as string);
  }
}

function inventoryElementOf(row: RowInput): Record<string, unknown> {
  const one = (field: string) => (typeof row[field] === 'string' && row[field] !== '' ? row[field] : undefined);
  const unit = one('retentionUnit');
  const value = one('retentionValue');
  const retention =
    unit === undefined && value === undefined
      ? undefined
      : {
          ...(unit === 'indefinite' && value === undefined ? {} : { value: numberOf(value ?? '') ?? undefined }),
          unit,
        };
  const element: Record<string, unknown> = {
    name: one('name'),
    category: one('category'),
    sensitivity: one('sensitivity'),
    source: one('source'),
    recipients: row.recipients,
    retention,
    legalBasis: one('legalBasis'),
    legalBasisDetail: one('legalBasisDetail'),
  };
  return Object.fromEntries(Object.entries(element).filter(([, v]) => v !== undefined));
}

/** Whether a form input says the same as a stored answer (so it changes nothing). */
export function sameAnswer(question: Question, input: FormInput, stored: unknown): boolean {
  const typed = answerOf(question, input);
  const a = isEmptyAnswer(typed) ? null : normaliseAnswer(question, typed);
  const b = isEmptyAnswer(stored) ? null : stored;
  return isDeepStrictEqual(a, b);
}
