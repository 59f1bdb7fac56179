import { AppException, type AppExceptionOptions } from '../common/errors/app.exception';

export enum RiskErrorCode {
  NotScored = 'risk-not-scored',
  RiskNotFound = 'risk-not-found',
  MeasureNotFound = 'measure-not-found',
  WrongStage = 'risk-wrong-stage',
  NotReviewer = 'not-a-reviewer-here',
  InvalidScores = 'invalid-scores',
}

export class RiskException extends AppException {
  constructor(status: number, code: RiskErrorCode, detail: string, options?: AppExceptionOptions) {
    super(status, code, detail, options);
  }
}
