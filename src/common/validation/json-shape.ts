import type { FieldError } from '../errors/problem-details';
import { escapePointer } from './field-errors';

/** Deeper than any body we accept (answers nest three levels); class-transformer recurses and overflows near 5,000. */
export const MAX_JSON_DEPTH = 64;

/** Keys that class-transformer silently drops and that could reach a prototype: refused, not ignored. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

/** Enough to show what is wrong without echoing a hostile body back at length. */
const MAX_ERRORS = 20;

/**
 * What every JSON body must be before validation sees it: no deeper than MAX_JSON_DEPTH, no forbidden
 * keys, and no NUL in a key or a string (PostgreSQL cannot store it). Walks with its own stack, so a
 * hostile depth cannot overflow this check either.
 */
export function jsonShapeErrors(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: body, pointer: '', depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const { value, pointer, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) errors.push({ pointer, detail: 'must not contain NUL characters' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      errors.push({ pointer, detail: `nests deeper than ${MAX_JSON_DEPTH} levels` });
      break;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPointer = `${pointer}/${escapePointer(key)}`;
      if (FORBIDDEN_KEYS.has(key)) errors.push({ pointer: childPointer, detail: `the key "${key}" is not allowed` });
      else if (key.includes('\u0000'))
        errors.push({ pointer: childPointer, detail: 'keys must not contain NUL characters' });
      else stack.push({ value: child, pointer: childPointer, depth: depth + 1 });
    }
  }
  return errors;
}
