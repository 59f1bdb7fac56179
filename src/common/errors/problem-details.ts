import { STATUS_CODES } from 'node:http';

/** One field's problem: a JSON Pointer (RFC 6901) into the request body and what is wrong there. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/** An RFC 9457 problem document, with our extensions (requestId, errors, and per-problem extras). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Problem types are URNs: stable identifiers that need no web page to resolve. */
export function problemType(code: string): string {
  return `urn:privacy-review:problem:${code}`;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
