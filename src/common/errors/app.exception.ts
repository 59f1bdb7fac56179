import type { FieldError } from './problem-details';

export interface AppExceptionOptions {
  /** Per-field problems; rendered as the problem document's `errors`. */
  errors?: FieldError[];
  /** Extra members of the problem document (e.g. the current version on a conflict). */
  extensions?: Record<string, unknown>;
  /** Response headers such as Retry-After. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The base of every error a feature raises on purpose. Each feature subclasses it with its own code
 * enum (`class RiskException extends AppException<RiskErrorCode> {}`); the global filter turns it into
 * problem+json with the code as the problem type.
 */
export class AppException<Code extends string = string> extends Error {
  readonly errors?: FieldError[];
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: Code,
    message: string,
    options: AppExceptionOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

export enum CommonErrorCode {
  ValidationFailed = 'validation-failed',
  NotFound = 'not-found',
}

/** A request body or query that does not match its schema: 400 with one entry per field. */
export class ValidationException extends AppException<CommonErrorCode> {
  constructor(errors: FieldError[], status = 400, detail = 'The request has invalid fields; see errors.') {
    super(status, CommonErrorCode.ValidationFailed, detail, { errors });
  }
}
