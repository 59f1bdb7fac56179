import type { FieldError } from '../../common/errors/problem-details';
import type { RiskModel } from '../model/risk-model.types';
import { type Dimensions, position, type Position } from './scoring';

/**
 * Checks a partial set of scores (each `{ value, justification }`) against the model's scales, adding what is
 * wrong to errors under pointer; returns the position merged over current, and the justifications.
 */
export function adjustedScores(
  model: RiskModel,
  current: Dimensions,
  given: Record<string, unknown>,
  pointer: string,
  errors: FieldError[],
): { position: Position; justifications: Record<string, string> } {
  const dimensions: Dimensions = { ...current };
  const justifications: Record<string, string> = {};
  if (Object.keys(given).length === 0)
    errors.push({ pointer, detail: `must name at least one of ${model.dimensions.map((d) => d.id).join(', ')}` });
  for (const [id, raw] of Object.entries(given)) {
    const dimension = model.dimensions.find((d) => d.id === id);
    const at = `${pointer}/${id}`;
    if (!dimension) {
      errors.push({
        pointer: at,
        detail: `is not a dimension of ${model.id}; use ${model.dimensions.map((d) => d.id).join(', ')}`,
      });
      continue;
    }
    const { value, justification } = (raw ?? {}) as { value?: unknown; justification?: unknown };
    if (!Number.isInteger(value) || (value as number) < dimension.min || (value as number) > dimension.max) {
      errors.push({
        pointer: `${at}/value`,
        detail: `must be a whole number from ${dimension.min} to ${dimension.max}`,
      });
    }
    if (typeof justification !== 'string' || !justification.trim() || justification.length > 5000) {
      errors.push({ pointer: `${at}/justification`, detail: 'is required: say why (at most 5000 characters)' });
    }
    dimensions[id] = value as number;
    justifications[id] = justification as string;
  }
  return { position: position(model, dimensions), justifications };
}

/** The bottom of every scale: where an eliminated risk sits unless scored otherwise. */
export function lowestPosition(model: RiskModel): Position {
  return position(model, Object.fromEntries(model.dimensions.map((d) => [d.id, d.min])));
}
