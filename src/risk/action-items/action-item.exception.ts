import { AppException, type AppExceptionOptions } from '../../common/errors/app.exception';

export enum ActionItemErrorCode {
  NotFound = 'action-item-not-found',
  NotYours = 'not-your-action-item',
  EvidenceRequired = 'evidence-required',
}

export class ActionItemException extends AppException {
  constructor(status: number, code: ActionItemErrorCode, detail: string, options?: AppExceptionOptions) {
    super(status, code, detail, options);
  }
}
