import type { AppException } from '../../common/errors/app.exception';
import { label } from '../../common/labels';
import { formProblems, formText, type FormProblems, problemsOf, sentence } from '../../web/forms';
import {
  KIND_LABELS,
  pointText,
  POSITION_KINDS,
  positionView,
  type PositionKind,
  type RegisterRisk,
  type ScaleModel,
  TREATMENTS,
} from './risk-register-view';

/**
 * The risk page's adjustment form: one select and justification per score and dimension ("residual-severity",
 * "residual-severity-justification") and the treatment's radios; what it sends as AdjustRiskDto, and the service's
 * refusals said against its fields.
 */

type FieldErrors = FormProblems['fieldErrors'];

/** Each score's fields: the value typed (or, before anything was typed, the one in force) and its justification. */
export function positionFields(model: ScaleModel, risk: RegisterRisk, body: unknown, fieldErrors: FieldErrors) {
  return POSITION_KINDS.map((kind) => {
    const position = risk[kind];
    return {
      kind,
      label: KIND_LABELS[kind],
      position: positionView(model, position),
      dimensions: model.dimensions.map((d) => {
        const field = `${kind}-${d.id}`;
        const chosen = body ? formText(body, field, 12) : position ? String(position.dimensions[d.id]) : '';
        return {
          id: field,
          fieldLabel: `${KIND_LABELS[kind]} ${d.label.toLowerCase()}`,
          justificationLabel: `Why this ${KIND_LABELS[kind].toLowerCase()} ${d.label.toLowerCase()}`,
          justificationId: `${field}-justification`,
          justification: body ? formText(body, `${field}-justification`) : '',
          options: [
            ...(position ? [] : [{ value: '', label: 'Not scored', selected: chosen === '' }]),
            ...Array.from({ length: d.max - d.min + 1 }, (_, i) => d.min + i).map((v) => ({
              value: String(v),
              label: pointText(d, v),
              selected: chosen === String(v),
            })),
          ],
          error: fieldErrors[field] ?? null,
          justificationError: fieldErrors[`${field}-justification`] ?? null,
        };
      }),
    };
  });
}

/** The treatment's radios, checked as typed (or as recorded). */
export function treatmentChoices(risk: RegisterRisk, body: unknown) {
  const chosen = body ? formText(body, 'treatment', 40) : (risk.treatment ?? '');
  return TREATMENTS.map((t, i) => ({
    id: i === 0 ? 'treatment' : `treatment-${t}`,
    value: t,
    label: label.treatment(t),
    checked: chosen === t,
  }));
}

/**
 * The form as AdjustRiskDto: a dimension is sent when its value differs from the one in force or a justification
 * was written for it (the service then requires both); the treatment when one is chosen. Null when nothing would
 * change.
 */
export function adjustmentOf(model: ScaleModel, risk: RegisterRisk, body: unknown): Record<string, unknown> | null {
  const input: Record<string, unknown> = {};
  for (const kind of POSITION_KINDS) {
    const scores: Record<string, { value: unknown; justification: string }> = {};
    for (const d of model.dimensions) {
      const field = `${kind}-${d.id}`;
      const raw = formText(body, field, 12).trim();
      const justification = formText(body, `${field}-justification`);
      const value = /^-?\d{1,6}$/.test(raw) ? Number(raw) : raw === '' ? undefined : raw;
      const changed = value !== undefined && value !== risk[kind]?.dimensions[d.id];
      if (changed || justification.trim()) scores[d.id] = { value, justification: justification.trim() };
    }
    if (Object.keys(scores).length > 0) input[kind] = scores;
  }
  const treatment = formText(body, 'treatment', 40);
  if (treatment && treatment !== risk.treatment) input.treatment = treatment;
  else if (treatment && input.residual) input.treatment = treatment;
  return Object.keys(input).length > 0 ? input : null;
}

/** A JSON pointer of AdjustRiskDto ("/residual/severity/justification") as the form field it came from. */
const adjustField = (pointer: string) =>
  pointer
    .slice(1)
    .replace(/\/value$/, '')
    .replace(/\//g, '-');

/** The service's refusal of an adjustment, each message naming the score and dimension it is about. */
export function adjustProblems(model: ScaleModel, error: AppException): FormProblems {
  if (!error.errors?.length) return problemsOf(error, 'treatment');
  return formProblems(
    error.errors.map((e) => {
      const [kind, dimension, part] = e.pointer.slice(1).split('/');
      const d = model.dimensions.find((x) => x.id === dimension);
      const kindLabel = Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind as PositionKind] : undefined;
      const subject = !kindLabel
        ? kind === 'treatment'
          ? 'The treatment'
          : null
        : !d
          ? `${kindLabel} score`
          : part === 'justification'
            ? `The justification for the ${kindLabel.toLowerCase()} ${d.label.toLowerCase()}`
            : `${kindLabel} ${d.label.toLowerCase()}`;
      const field = kindLabel && !d ? `${kind}-${model.dimensions[0].id}` : adjustField(e.pointer);
      return { field: field || 'treatment', message: sentence(subject ? `${subject} ${e.detail}` : e.detail) };
    }),
  );
}
