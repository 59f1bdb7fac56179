import { AppException } from '../common/errors/app.exception';

export enum WorkflowErrorCode {
  NotAllowedNow = 'event-not-allowed',
  NotPermitted = 'event-not-permitted',
  StaleVersion = 'stale-version',
  Incomplete = 'incomplete',
  RiskIncomplete = 'risk-incomplete',
  InvalidConditionOwner = 'invalid-condition-owner',
}

export class WorkflowException extends AppException<WorkflowErrorCode> {}
