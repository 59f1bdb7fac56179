import { AppException } from '../../common/errors/app.exception';

export enum ActionItemErrorCode {
  NotFound = 'action-item-not-found',
  NotYours = 'not-your-action-item',
  EvidenceRequired = 'evidence-required',
}

export class ActionItemException extends AppException<ActionItemErrorCode> {}
