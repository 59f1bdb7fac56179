import { AppException } from '../common/errors/app.exception';

export enum WorkflowErrorCode {
  NotAllowedNow = 'event-not-allowed',
  NotPermitted = 'event-not-permitted',
  StaleVersion = 'stale-version',
  Incomplete = 'incomplete',
  RiskIncomplete = 'risk-incomplete',
  InvalidConditionOwner = 'invalid-condition-owner',
  /** A named review (workflow v2) the assessment's version or stage does not take. */
  InvalidNamedReview = 'invalid-named-review',
}

export class WorkflowException extends AppException<WorkflowErrorCode> {}
