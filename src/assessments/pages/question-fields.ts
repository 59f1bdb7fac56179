import { label } from '../../common/labels';
import { DATA_ELEMENT_FIELDS } from '../inventory/data-element';
import type { Question } from '../questionnaire/questionnaire.types';
import { answerText, labelOfValue } from './answer-text';
import { fieldId, fieldName, type FormInput, INVENTORY_FIELDS, type RowInput } from './answer-form';

type InventoryField = Parameters<typeof label.inventory>[0];

/** A choice as a view renders it (a radio, a checkbox or an option of a select). */
export interface ChoiceView {
  id: string;
  value: string;
  label: string;
  checked: boolean;
}

/** One field inside a row of a group or of the data inventory. */
export interface RowFieldView {
  id: string;
  name: string;
  label: string;
  kind: 'text' | 'number' | 'date' | 'select' | 'checkboxes';
  value: string;
  options: ChoiceView[];
  error: string | null;
  errorId: string;
  wide: boolean;
}

export interface RowView {
  index: string;
  legend: string;
  removeId: string;
  removeName: string;
  removeLabel: string;
  fields: RowFieldView[];
  /** The data inventory's retention: a number and a unit under one legend. */
  retention: { id: string; legend: string; value: RowFieldView; unit: RowFieldView; error: string | null } | null;
}

export interface QuestionView {
  id: string;
  type: string;
  label: string;
  help: string | null;
  hintId: string;
  required: boolean;
  visible: boolean;
  /** The condition, as JSON, for the script that shows the question at once; the server decides on save. */
  visibleWhen: string | null;
  /** Likewise for a question required only when a condition holds: its "(optional)" mark comes and goes. */
  requiredWhen: string | null;
  error: string | null;
  errorId: string;
  describedBy: string;
  value: string;
  options: ChoiceView[];
  justification: { id: string; name: string; value: string; error: string | null; errorId: string } | null;
  rows: RowView[];
  blankRow: RowView | null;
  /** The blank row with "__i__" for its number, for the script that adds rows without a round trip. */
  rowTemplate: RowView | null;
  itemName: string;
  conflict: { theirs: string; by: string; at: string } | null;
  readOnly: string;
  /** Rows, read-only: each item as a titled list of its fields (a table would not fit a phone). */
  readOnlyRows: { title: string; fields: { label: string; value: string }[] }[];
}

const SCALE_LABELS = ['1: very unlikely', '2: unlikely', '3: possible', '4: likely'];

const choices = (id: string, options: { value: string; label: string }[], chosen: string[]): ChoiceView[] =>
  options.map((o, i) => ({
    id: i === 0 ? id : fieldId(id, o.value),
    value: o.value,
    label: o.label,
    checked: chosen.includes(o.value),
  }));

function optionsOf(question: Question): { value: string; label: string }[] {
  if (question.type === 'yes_no')
    return [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ];
  if (question.type === 'scale') return SCALE_LABELS.map((label, i) => ({ value: String(i + 1), label }));
  return question.options ?? [];
}

interface RowField {
  id: string;
  label: string;
  kind: RowFieldView['kind'];
  options: { value: string; label: string }[];
  wide: boolean;
}

function rowFieldsOf(question: Question): RowField[] {
  if (question.type === 'data_inventory') {
    const described = new Map<string, (typeof DATA_ELEMENT_FIELDS)[number]>(DATA_ELEMENT_FIELDS.map((f) => [f.id, f]));
    const optionList = (id: string) =>
      ((described.get(id) as { options?: readonly string[] }).options ?? []).map((v) => ({
        value: v,
        label: id === 'retention' ? labelOfValue(v) : label.inventory(id as InventoryField, v),
      }));
    return INVENTORY_FIELDS.map((id) => {
      if (id === 'retentionValue') return { id, label: 'Number', kind: 'number', options: [], wide: false };
      if (id === 'retentionUnit')
        return { id, label: 'Unit', kind: 'select', options: optionList('retention'), wide: false };
      const field = described.get(id)!;
      const kind = id === 'recipients' ? 'checkboxes' : field.type === 'single_choice' ? 'select' : 'text';
      return {
        id,
        label: field.label,
        kind,
        options: kind === 'text' ? [] : optionList(id),
        wide: id === 'name' || id === 'legalBasisDetail',
      };
    });
  }
  return question.questions!.map((sub) => ({
    id: sub.id,
    label: sub.label,
    kind:
      sub.type === 'number'
        ? 'number'
        : sub.type === 'date'
          ? 'date'
          : sub.type === 'single_choice' || sub.type === 'yes_no'
            ? 'select'
            : sub.type === 'multiple_choice'
              ? 'checkboxes'
              : 'text',
    options: optionsOf(sub),
    wide: sub.type === 'short_text' || sub.type === 'long_text',
  }));
}

function rowView(
  question: Question,
  index: number | '__i__',
  row: RowInput,
  fieldErrors: Record<string, string>,
): RowView {
  const itemName = question.type === 'data_inventory' ? 'Data element' : 'Item';
  const number = index === '__i__' ? '__n__' : String(index + 1);
  const named = typeof row.name === 'string' && row.name ? `: ${row.name}` : '';
  const all = rowFieldsOf(question).map((field): [string, RowFieldView] => {
    const id = fieldId(question.id, index, field.id);
    const typed = row[field.id] ?? (field.kind === 'checkboxes' ? [] : '');
    const chosen = Array.isArray(typed) ? typed : [typed];
    const view: RowFieldView = {
      id,
      name: fieldName(question.id, index, field.id),
      label: field.label,
      kind: field.kind,
      value: Array.isArray(typed) ? '' : typed,
      options: choices(id, field.options, chosen),
      error: fieldErrors[id] ?? null,
      errorId: `${id}-error`,
      wide: field.wide,
    };
    return [field.id, view];
  });
  const byKey = new Map(all);
  let retention: RowView['retention'] = null;
  if (question.type === 'data_inventory') {
    // The service names the retention as a whole; its link and message go to the number, the first input.
    const id = fieldId(question.id, index, 'retention');
    const value = { ...byKey.get('retentionValue')!, id, errorId: `${id}-error` };
    retention = {
      id,
      legend: 'Retention period',
      value,
      unit: byKey.get('retentionUnit')!,
      error: fieldErrors[id] ?? null,
    };
  }
  const fields = all.filter(([key]) => key !== 'retentionValue' && key !== 'retentionUnit').map(([, view]) => view);
  return {
    index: String(index),
    legend: `${itemName} ${number}${named}`,
    removeId: fieldId(question.id, index, '_remove'),
    removeName: fieldName(question.id, index, '_remove'),
    removeLabel: `Remove ${itemName.toLowerCase()} ${number}`,
    fields,
    retention,
  };
}

export interface QuestionState {
  question: Question;
  visible: boolean;
  required: boolean;
  answer: unknown;
}

/**
 * A question's view model: its input as typed (or as saved), its messages and, when read-only, its answer in
 * words. Every field a view prints is present (the views are strict).
 */
export function questionView(
  state: QuestionState,
  input: FormInput,
  fieldErrors: Record<string, string>,
  conflict: QuestionView['conflict'],
): QuestionView {
  const { question } = state;
  const id = question.id;
  const error = fieldErrors[id] ?? null;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [question.help ? hintId : '', error ? errorId : '', conflict ? `${id}-conflict` : '']
    .filter(Boolean)
    .join(' ');
  const isRows = question.type === 'group' || question.type === 'data_inventory';
  const rows = isRows ? (input as RowInput[]).map((row, i) => rowView(question, i, row, fieldErrors)) : [];
  const scale = question.type === 'scale' ? (input as { value: string; justification: string }) : null;
  const chosen = Array.isArray(input) ? (input as string[]) : scale ? [scale.value] : [String(input)];
  const justificationId = fieldId(id, 'justification');
  const choiceId = scale ? fieldId(id, 'value') : id;
  const columns = isRows ? rowFieldsOf(question).filter((f) => f.id !== 'retentionValue') : [];
  return {
    id,
    type: question.type,
    label: question.label,
    help: question.help ?? null,
    hintId,
    required: state.required,
    visible: state.visible,
    visibleWhen: question.visibleWhen ? JSON.stringify(question.visibleWhen) : null,
    requiredWhen: question.requiredWhen && !question.required ? JSON.stringify(question.requiredWhen) : null,
    error: error ?? (scale ? (fieldErrors[choiceId] ?? null) : null),
    errorId,
    describedBy,
    value: typeof input === 'string' ? input : '',
    options: choices(choiceId, optionsOf(question), chosen),
    justification: scale
      ? {
          id: justificationId,
          name: fieldName(id, 'justification'),
          value: scale.justification,
          error: fieldErrors[justificationId] ?? null,
          errorId: `${justificationId}-error`,
        }
      : null,
    rows,
    blankRow: isRows ? rowView(question, rows.length, {}, {}) : null,
    rowTemplate: isRows ? rowView(question, '__i__', {}, {}) : null,
    itemName: question.type === 'data_inventory' ? 'data element' : 'item',
    conflict,
    readOnly: isRows ? '' : answerText(question, state.answer),
    readOnlyRows: isRows
      ? (input as RowInput[]).map((row, i) => ({
          title: rowView(question, i, row, {}).legend,
          fields: columns.map((c) => {
            const v = row[c.id];
            if (c.id === 'retentionUnit') {
              const unit = v ? labelOfValue(String(v)).toLowerCase() : '';
              return { label: 'Retention period', value: [row.retentionValue, unit].filter(Boolean).join(' ') || '-' };
            }
            const labels = (Array.isArray(v) ? v : [v])
              .filter(Boolean)
              .map((x) => c.options.find((o) => o.value === x)?.label ?? x);
            return { label: c.label, value: labels.join(', ') || '-' };
          }),
        }))
      : [],
  };
}
