import { AppException } from '../common/errors/app.exception';

/** One problem with a form, as the error summary lists it: the field's id (its link target) and what to do. */
export interface FormError {
  field: string;
  message: string;
}

/** What a view needs to show a failed form: the summary's list, and each field's own message. */
export interface FormProblems {
  errors: FormError[];
  fieldErrors: Record<string, string>;
}

export const NO_PROBLEMS: FormProblems = { errors: [], fieldErrors: {} };

export function formProblems(errors: FormError[]): FormProblems {
  const fieldErrors: Record<string, string> = {};
  for (const { field, message } of errors) fieldErrors[field] ??= message;
  return { errors, fieldErrors };
}

/**
 * A urlencoded form's field as one string: forms post strings, and a repeated name (which only a crafted
 * request sends for a single field) keeps its first value. Overlong input is cut, never stored whole.
 */
export function formText(body: unknown, name: string, maxLength = 10_000): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, maxLength) : '';
}

/** The version a page was drawn at (its hidden `version` field); absent or malformed, the service checks none. */
export function formVersion(body: unknown): number | undefined {
  const text = formText(body, 'version', 12);
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** Whether a path segment can be a row's id: any other is "no such" thing, answered before it reaches a uuid column. */
export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

/**
 * A service's refusal as form problems: each field error's JSON pointer names the field ("/newPassword" is
 * #newPassword); a refusal without field errors is pinned to `field`.
 */
export function problemsOf(error: AppException, field: string, fieldOf = (pointer: string) => pointer.slice(1)) {
  const errors = error.errors?.length
    ? error.errors.map((e) => ({ field: fieldOf(e.pointer) || field, message: sentence(e.detail) }))
    : [{ field, message: error.message }];
  return formProblems(errors);
}

/**
 * A service's refusal that the page shows beside its form; anything else is thrown on to the filter: a 5xx, and the
 * statuses in `pageWide` (say 403 and 404), which the error page says better than a form would.
 */
export function assertFormRefusal(error: unknown, pageWide: number[] = []): asserts error is AppException {
  if (!(error instanceof AppException) || error.status >= 500 || pageWide.includes(error.status)) throw error;
}

/** "password is not correct" reads as "Password is not correct." in a summary. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}

/** A `next` address to return to after sign-in: only a path on this site, never another origin. */
export function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}

/** A repeated field (checkboxes) as its distinct string values, at most `maxItems` of them. */
export function formList(body: unknown, name: string, maxItems = 20, maxLength = 200): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  return [...new Set(values.map((v) => v.slice(0, maxLength)))].slice(0, maxItems);
}
