import type { AppException } from '../../common/errors/app.exception';
import { label } from '../../common/labels';
import { formProblems, formText, type FormProblems, problemsOf, sentence } from '../../web/forms';
import type { measureView } from '../risk-view';
import { MEASURE_STATUSES } from './risk-register-view';

/**
 * The measures pages' words and form: a measure as listed (with the risks it treats), its form's fields (the risks
 * as checkboxes), the form as MeasureDto or UpdateMeasureDto, and the service's refusals said against the fields.
 */

/** A measure as the register reports it (measureView). */
export type RegisterMeasure = ReturnType<typeof measureView>;

/** The register's risks as the measures pages need them. */
interface RiskNames {
  risks: { id: string; label: string; status: string }[];
}

/** A measure's form as typed: kept when the service refuses it. */
export interface MeasureForm {
  title: string;
  description: string;
  riskIds: string[];
  dueDate: string;
  status: string;
}

export const BLANK_MEASURE: MeasureForm = { title: '', description: '', riskIds: [], dueDate: '', status: 'planned' };

/** A stored measure as its form, before anything is typed. */
export function storedMeasureForm(measure: RegisterMeasure): MeasureForm {
  return {
    title: measure.title,
    description: measure.description ?? '',
    riskIds: measure.riskIds,
    dueDate: measure.dueDate ?? '',
    status: measure.status,
  };
}

/** The risks a form names (checkboxes send one value or several); only ids, at most the API's limit and one more. */
function riskIdsOf(body: unknown): string[] {
  const value = (body as Record<string, unknown> | undefined)?.riskIds;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').slice(0, 51);
}

export function measureFormOf(body: unknown): MeasureForm {
  return {
    title: formText(body, 'title', 1000),
    description: formText(body, 'description'),
    riskIds: riskIdsOf(body),
    dueDate: formText(body, 'dueDate', 40).trim(),
    status: formText(body, 'status', 40),
  };
}

/** A new measure as MeasureDto: what was left empty is left out. */
export function newMeasureInput(typed: MeasureForm) {
  return {
    title: typed.title.trim(),
    riskIds: typed.riskIds,
    ...(typed.description.trim() ? { description: typed.description.trim() } : {}),
    ...(typed.dueDate ? { dueDate: typed.dueDate } : {}),
    ...(typed.status ? { status: typed.status } : {}),
  };
}

/** A changed measure as UpdateMeasureDto: an emptied description or due date clears it. */
export function measureUpdateInput(typed: MeasureForm) {
  return {
    title: typed.title.trim(),
    description: typed.description.trim(),
    riskIds: typed.riskIds,
    dueDate: typed.dueDate || null,
    ...(typed.status ? { status: typed.status } : {}),
  };
}

/** A measure as listed: its status in words and the risks it treats by name. */
export function measureSummary(register: RiskNames, m: RegisterMeasure, base: string) {
  const labels = new Map(register.risks.map((r) => [r.id, r.label]));
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    status: label.measureStatus(m.status),
    dueDate: m.dueDate,
    href: `${base}/risk/measures/${m.id}`,
    risks: m.riskIds.map((r) => labels.get(r) ?? 'A retired risk'),
  };
}

/** The measure form's fields: the risks as checkboxes, ticked as typed (or as stored). */
export function measureFields(register: RiskNames, form: MeasureForm, problems: FormProblems) {
  const risks = register.risks.filter((r) => r.status !== 'retired');
  return {
    title: form.title,
    description: form.description,
    dueDate: form.dueDate,
    risks: risks.map((r, i) => ({
      id: i === 0 ? 'riskIds' : `riskIds-${r.id}`,
      value: r.id,
      label: r.label,
      checked: form.riskIds.includes(r.id),
    })),
    statuses: MEASURE_STATUSES.map((s) => ({ value: s, label: label.measureStatus(s), selected: s === form.status })),
    errors: problems.fieldErrors,
  };
}

/** A JSON pointer of MeasureDto ("/riskIds/0") as its field: the risks' checkboxes are one field. */
const measureField = (pointer: string) => pointer.slice(1).replace(/\/.*$/, '');

const FIELD_NAMES: Record<string, string> = {
  title: 'The title',
  description: 'The description',
  riskIds: 'The risks it treats',
  dueDate: 'The due date',
  status: 'The status',
};

/** The service's refusal of a measure, each message naming its field. */
export function measureProblems(error: AppException): FormProblems {
  const problems = problemsOf(error, 'title', measureField);
  return formProblems(
    problems.errors.map((e, i) => {
      const detail = error.errors?.[i]?.detail;
      return detail && FIELD_NAMES[e.field]
        ? { field: e.field, message: sentence(`${FIELD_NAMES[e.field]} ${detail}`) }
        : e;
    }),
  );
}
