import type { ValidationError } from 'class-validator';
import type { FieldError } from '../errors/problem-details';

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Flattens class-validator's tree into one entry per field, each with a JSON Pointer to it. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${escapePointer(error.property)}`;
    const own = Object.values(error.constraints ?? {});
    const here = own.length > 0 ? [{ pointer, detail: own.join('; ') }] : [];
    return [...here, ...toFieldErrors(error.children ?? [], pointer)];
  });
}
