import { type ErrorCode, ERROR_STATUS } from './error-status';
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
 * enum (`class RiskException extends AppException<RiskErrorCode> {}`); the status comes from the code
 * (error-status.ts), and the global filter turns it into problem+json with the code as the problem type.
 */
export class AppException<Code extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: Code,
    message: string,
    options: AppExceptionOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.status = ERROR_STATUS[code];
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
  constructor(errors: FieldError[], detail = 'The request has invalid fields; see errors.') {
    super(CommonErrorCode.ValidationFailed, detail, { errors });
  }
}
