import { DECIDED_STATES } from '../../assessments/assessment-state';
import { DECISION_OUTCOME_LABELS, label } from '../../common/labels';
import { DECISION_OUTCOMES, type DecisionOutcome } from '../../decisions/record/decision-record';
import type { FormError } from '../../web/forms';
import type { DecisionExportRow } from '../exports/decision-rows';
import type { DecisionFilter } from '../exports/export-filter';

/** The export's filters, in the order the form shows them and a link writes them. */
export const FILTER_FIELDS = ['from', 'to', 'department', 'outcome', 'state'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** What each filter is called on the page, so a refusal names the field as the person sees it. */
const FIELD_LABELS: Record<FilterField, string> = {
  from: 'Decided from',
  to: 'Decided to',
  department: 'Department',
  outcome: 'Outcome',
  state: 'Stage',
};

/** The filters as typed: a query holds strings (or, crafted, repeated names: the first is kept), others are dropped. */
export function typedFilter(query: unknown): Record<FilterField, string> {
  const source = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const typed = {} as Record<FilterField, string>;
  for (const field of FILTER_FIELDS) {
    const value = Object.hasOwn(source, field) ? source[field] : undefined;
    const first = Array.isArray(value) ? value[0] : value;
    typed[field] = typeof first === 'string' ? first.slice(0, 200).trim() : '';
  }
  return typed;
}

/** The filters that were given (empty fields mean "any"), as the export service takes them. */
export function givenFilter(typed: Record<FilterField, string>): DecisionFilter {
  return Object.fromEntries(FILTER_FIELDS.filter((f) => typed[f] !== '').map((f) => [f, typed[f]]));
}

/** The filter as a query string ("" for none), for the downloads, the pages and the package form. */
export function filterQuery(filter: DecisionFilter): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) if (filter[field]) params.set(field, filter[field]);
  return params.toString();
}

/** The export filter's refusal ("from must be a real date") in the page's words ("Decided from must be a real date."). */
export function filterErrors(errors: { pointer: string; detail: string }[]): FormError[] {
  return errors.map(({ pointer, detail }) => {
    const field = (FILTER_FIELDS as readonly string[]).includes(pointer.slice(1))
      ? (pointer.slice(1) as FilterField)
      : 'from';
    const said = detail.startsWith(field) ? `${FIELD_LABELS[field]}${detail.slice(field.length)}` : detail;
    return { field, message: `${said.charAt(0).toUpperCase()}${said.slice(1)}${said.endsWith('.') ? '' : '.'}` };
  });
}

/** The form's choices, each marked when it is the one given. */
export function filterChoices(typed: Record<FilterField, string>) {
  return {
    outcomes: DECISION_OUTCOMES.map((value) => ({
      value,
      label: DECISION_OUTCOME_LABELS[value],
      selected: typed.outcome === value,
    })),
    states: DECIDED_STATES.map((value) => ({ value, label: label.stage(value), selected: typed.state === value })),
  };
}

/** One decision as the list shows it. */
export function decisionRowView(row: DecisionExportRow) {
  return {
    decisionId: row.decision_id,
    ref: row.assessment_ref,
    title: row.title,
    department: row.department,
    outcome: Object.hasOwn(DECISION_OUTCOME_LABELS, row.outcome)
      ? DECISION_OUTCOME_LABELS[row.outcome as DecisionOutcome]
      : label.stage(row.outcome),
    stage: label.stage(row.state),
    cycle: row.cycle,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    dispositionDate: row.disposition_date,
    legalHold: row.legal_hold,
    disposedAt: row.disposed_at,
  };
}

/** "Showing 26 to 50 of 120", and the neighbouring pages' numbers (null at either end). */
export function pagingOf(total: number, page: number, pageSize: number) {
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  return {
    first,
    last,
    total,
    current: page,
    lastPage,
    previous: page > 1 ? Math.min(page - 1, lastPage) : null,
    next: page < lastPage ? page + 1 : null,
  };
}

/** ?page=N as a number from 1; anything else (hostile, absent, huge) is the first page. */
export function pageNumber(query: unknown): number {
  const value = (typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {}).page;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && /^[1-9]\d{0,5}$/.test(first) ? Number(first) : 1;
}
