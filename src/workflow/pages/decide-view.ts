import type { DecisionOutcome } from '../../decisions/record/decision-record';
import { type FormError, type FormProblems, formProblems, formText, sentence, formVersion } from '../../web/forms';

/** The three choices of the decision page. */
export const CHOICES = ['approve', 'conditions', 'reject'] as const;
export type Choice = (typeof CHOICES)[number];

/** As many condition rows as the API takes conditions (ArrayMaxSize on APPROVE). */
export const MAX_CONDITION_ROWS = 50;

export interface ConditionRow {
  text: string;
  ownerId: string;
  dueDate: string;
}

/** The decision form as typed: every field a string, as the browser sent it (the password is never kept). */
export interface DecisionForm {
  choice: Choice | '';
  reason: string;
  rows: ConditionRow[];
  version: number | undefined;
}

const EMPTY_ROW: ConditionRow = { text: '', ownerId: '', dueDate: '' };

/** Each condition row's fields are named condition-N-text, condition-N-owner, condition-N-due (also their ids). */
export const rowField = (row: number, part: 'text' | 'owner' | 'due') => `condition-${row}-${part}`;

export function emptyForm(version: number): DecisionForm {
  return { choice: '', reason: '', rows: [{ ...EMPTY_ROW }], version };
}

/** A textarea's text as typed; browsers send its line breaks as CRLF. */
const typedText = (body: unknown, name: string, maxLength: number) =>
  formText(body, name, maxLength).replace(/\r\n?/g, '\n');

/** The form from a POST body; `rows` says how many rows the page had (at least one, at most the API's limit). */
export function readDecisionForm(body: unknown): DecisionForm {
  const choice = formText(body, 'choice', 20);
  const count = Number(formText(body, 'rows', 3));
  const rows = Number.isInteger(count) ? Math.min(Math.max(count, 1), MAX_CONDITION_ROWS) : 1;
  return {
    choice: (CHOICES as readonly string[]).includes(choice) ? (choice as Choice) : '',
    reason: typedText(body, 'reason', 5000),
    rows: Array.from({ length: rows }, (_, i) => ({
      text: typedText(body, rowField(i, 'text'), 2000),
      ownerId: formText(body, rowField(i, 'owner'), 64),
      dueDate: formText(body, rowField(i, 'due'), 10),
    })),
    version: formVersion(body),
  };
}

/** The form with one more empty row (none past the limit). */
export function withAnotherRow(form: DecisionForm): DecisionForm {
  return form.rows.length >= MAX_CONDITION_ROWS ? form : { ...form, rows: [...form.rows, { ...EMPTY_ROW }] };
}

const filled = (row: ConditionRow) => row.text.trim() !== '' || row.ownerId !== '' || row.dueDate !== '';

/**
 * The workflow event the form asks for (without the password), which rows became which condition (the API
 * numbers only the filled ones), and what the page itself asks of the form before the service sees it: a choice,
 * at least one condition for "approve with conditions", and each condition's owner and due date.
 */
export function eventOfForm(form: DecisionForm, owners: ReadonlySet<string>) {
  const errors: FormError[] = [];
  const rowOf: number[] = [];
  const conditions: { text: string; ownerId?: string; dueDate?: string }[] = [];
  form.rows.forEach((row, i) => {
    if (!filled(row)) return;
    rowOf.push(i);
    conditions.push({
      text: row.text.trim(),
      ...(row.ownerId ? { ownerId: row.ownerId } : {}),
      ...(row.dueDate ? { dueDate: row.dueDate } : {}),
    });
  });
  if (!form.choice)
    errors.push({ field: 'choice-approve', message: 'Choose approve, approve with conditions or reject.' });
  if (form.choice === 'conditions') {
    if (conditions.length === 0)
      errors.push({ field: rowField(0, 'text'), message: 'Write at least one condition, or choose to approve.' });
    rowOf.forEach((row, i) => {
      if (!conditions[i].text) errors.push({ field: rowField(row, 'text'), message: `Write condition ${row + 1}.` });
      if (!conditions[i].ownerId)
        errors.push({ field: rowField(row, 'owner'), message: `Choose who owns condition ${row + 1}.` });
      else if (!owners.has(conditions[i].ownerId!))
        errors.push({ field: rowField(row, 'owner'), message: `Choose condition ${row + 1}'s owner from the list.` });
      if (!conditions[i].dueDate)
        errors.push({ field: rowField(row, 'due'), message: `Give a due date for condition ${row + 1}.` });
    });
  } else if (form.choice && conditions.length > 0) {
    // Never drop what was typed: conditions go only with "approve with conditions".
    errors.push({
      field: rowField(rowOf[0], 'text'),
      message: 'You wrote conditions: choose "Approve with conditions", or clear them.',
    });
  }
  if (form.choice === 'reject' && !form.reason.trim())
    errors.push({ field: 'reason', message: 'Give the reasons for rejecting it: the owner reads them.' });
  const reason = form.reason.trim();
  const event =
    form.choice === 'reject'
      ? { type: 'REJECT' as const, reason }
      : {
          type: 'APPROVE' as const,
          ...(reason ? { reason } : {}),
          ...(form.choice === 'conditions' ? { conditions } : {}),
        };
  return { event, rowOf, problems: formProblems(errors) };
}

/**
 * What was typed but not signed, kept in view when the form is no longer offered (so it can be copied): the
 * reasons and the filled condition rows as typed, each owner by name. Null when nothing was typed.
 */
export function unsentOf(form: DecisionForm, owners: ReadonlyMap<string, string>) {
  const reason = form.reason.trim();
  const conditions = form.rows.filter(filled).map((row) => ({
    text: row.text.trim(),
    owner: owners.get(row.ownerId) ?? '',
    dueDate: row.dueDate,
  }));
  return reason || conditions.length ? { reason, conditions } : null;
}

/** The outcome a choice records, as the decision document names it (its signature's words are per outcome). */
export function outcomeOf(choice: Choice): DecisionOutcome {
  return choice === 'reject' ? 'rejected' : choice === 'conditions' ? 'remediation' : 'approved';
}

/**
 * A refusal of the service as problems of this form: a JSON pointer of the event (/conditions/1/ownerId) names
 * the field of the row it came from (condition-3-owner when the second condition was typed in the fourth row).
 */
export function decisionProblems(
  errors: { pointer: string; detail: string }[] | undefined,
  message: string,
  rowOf: number[],
): FormProblems {
  const parts: Record<string, 'text' | 'owner' | 'due'> = { text: 'text', ownerId: 'owner', dueDate: 'due' };
  const fieldOf = (pointer: string) => {
    const condition = /^\/conditions\/(\d+)(?:\/(text|ownerId|dueDate))?$/.exec(pointer);
    if (condition) return rowField(rowOf[Number(condition[1])] ?? 0, parts[condition[2] ?? 'text']);
    if (pointer === '/reason' || pointer === '/password') return pointer.slice(1);
    return 'choice-approve';
  };
  const list = errors?.length
    ? errors.map((e) => ({ field: fieldOf(e.pointer), message: sentence(messageOf(e, rowOf)) }))
    : [{ field: 'choice-approve', message }];
  return formProblems(list);
}

/** "/conditions/1/ownerId" with "ownerId is not an active user" reads "Condition 4's owner is not an active user". */
function messageOf({ pointer, detail }: { pointer: string; detail: string }, rowOf: number[]): string {
  const condition = /^\/conditions\/(\d+)(?:\/(text|ownerId|dueDate))?$/.exec(pointer);
  if (!condition) return detail;
  const n = (rowOf[Number(condition[1])] ?? Number(condition[1])) + 1;
  const part = condition[2] ?? 'text';
  const what = { text: `Condition ${n}`, ownerId: `Condition ${n}'s owner`, dueDate: `Condition ${n}'s due date` }[
    part
  ];
  return `${what} ${detail.startsWith(`${part} `) ? detail.slice(part.length + 1) : detail}`;
}
