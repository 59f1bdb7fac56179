import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { AppException } from './app.exception';
import type { ErrorCode } from './error-status';

/**
 * PostgreSQL errors a request can cause with its input (SQLSTATE → our code and a detail people can read).
 * Services should catch these first and name the field; this keeps the promise of a 4xx when one does not.
 * The SQLSTATE never reaches the problem's type: it describes our storage, not the request.
 */
const INPUT_ERRORS: Record<string, [ErrorCode, string]> = {
  '23503': ['reference-not-found', 'The request refers to something that does not exist.'],
  '23505': ['duplicate', 'This would duplicate something that already exists.'],
  '22P02': ['invalid-value', 'A value in the request is not of the right form.'],
  '22007': ['invalid-date', 'A date or time in the request is not valid.'],
  '22008': ['invalid-date', 'A date or time in the request is out of range.'],
  '22021': ['unstorable-characters', 'The request contains characters that cannot be stored (such as NUL).'],
  '22P05': ['unstorable-characters', 'The request contains characters that cannot be stored (such as NUL).'],
  '22001': ['value-too-long', 'A value in the request is too long.'],
  '22003': ['number-out-of-range', 'A number in the request is out of range.'],
};

/** SQLSTATEs and socket codes of a connection that went away or could not be had; the next request may succeed. */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i;

/** How long a client should wait after a lost connection: the pool reconnects on the next request. */
const RETRY_AFTER_SECONDS = 2;

/** The AppException a database error stands for, or undefined when it is a fault of ours (a 500). */
export function databaseException(error: unknown): AppException | undefined {
  // TypeORM releases a transaction's runner when its connection dies; the transaction's next query says so
  // (through the runner, or through the manager the runner provided).
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return unavailable(error);
  }
  const driverError = error instanceof QueryFailedError ? error.driverError : error;
  if (!(driverError instanceof Error)) return undefined;
  const code = String((driverError as { code?: unknown }).code ?? '');
  if (error instanceof QueryFailedError && INPUT_ERRORS[code]) {
    const [ourCode, detail] = INPUT_ERRORS[code];
    return new AppException(ourCode, detail, { cause: error });
  }
  if (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_MESSAGES.test(driverError.message)) {
    return unavailable(error);
  }
  return undefined;
}

function unavailable(cause: unknown): AppException {
  return new AppException('database-unavailable', 'The database could not be reached; try again shortly.', {
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    cause,
  });
}
