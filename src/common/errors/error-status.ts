/**
 * Every error code the service raises on purpose, and the HTTP status it answers with. This table is the
 * one place that decides a status: throw sites name a code, never a number, so one code cannot answer
 * 404 here and 409 there. A code is also the problem's `type` (urn:privacy-review:problem:<code>).
 */
export const ERROR_STATUS = {
  // Requests
  'validation-failed': 400,
  'not-found': 404,
  unauthenticated: 401,
  'sign-in-required': 401,
  forbidden: 403,
  'csrf-rejected': 403,
  'file-too-large': 413,
  'too-many-requests': 429,

  // Database: what only PostgreSQL could judge, named without its SQLSTATE.
  'invalid-value': 400,
  'value-too-long': 400,
  'number-out-of-range': 400,
  'invalid-date': 400,
  'unstorable-characters': 400,
  duplicate: 409,
  'reference-not-found': 422,
  'database-unavailable': 503,

  // Service
  'not-ready': 503,
  busy: 503,

  // Identity
  'invalid-credentials': 401,
  'invalid-refresh-token': 401,
  'reauthentication-failed': 403,
  'self-grant': 403,
  'user-not-found': 404,
  'email-taken': 409,
  'last-admin': 409,
  'self-lockout': 409,
  'weak-password': 422,
  'locked-out': 429,

  // Assessments
  'bad-precondition': 400,
  'not-the-owner': 403,
  'assessment-not-found': 404,
  'not-editable': 409,
  'stale-version': 412,
  'unknown-template': 422,
  'invalid-answers': 422,
  'invalid-since': 422,
  incomplete: 422,
  'precondition-required': 428,

  // Workflow
  'event-not-permitted': 403,
  'notification-not-found': 404,
  'event-not-allowed': 409,
  'risk-incomplete': 422,
  'invalid-condition-owner': 422,
  'invalid-named-review': 422,

  // Risk
  'not-a-reviewer-here': 403,
  'risk-register-not-started': 404,
  'risk-not-found': 404,
  'measure-not-found': 404,
  'risk-not-scored': 409,
  'risk-wrong-stage': 409,
  'invalid-scores': 422,

  // Action items
  'not-your-action-item': 403,
  'action-item-not-found': 404,
  'evidence-required': 422,

  // Comments
  'not-your-comment': 403,
  'not-your-thread': 403,
  'comment-not-found': 404,
  'comment-thread-not-found': 404,
  'question-not-found': 404,
  'thread-resolved': 409,
  'invalid-comment': 422,
  'invalid-requested-change': 422,
  'changes-unaddressed': 422,

  // Decisions
  'not-decided': 404,
  'decision-not-found': 404,
  'document-version-not-found': 404,
  'document-not-ready': 409,
  'correction-pending': 409,
  'decision-of-earlier-cycle': 409,
  'decision-disposed': 410,

  // Records
  'records-no-department': 403,
  'record-not-found': 404,
  'package-not-found': 404,
  'legal-hold': 409,
  'no-legal-hold': 409,
  'not-due-for-disposition': 409,
  'already-disposed': 409,
  'package-not-ready': 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
