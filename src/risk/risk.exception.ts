import { AppException } from '../common/errors/app.exception';

export enum RiskErrorCode {
  NoRegisterYet = 'risk-register-not-started',
  NotScored = 'risk-not-scored',
  RiskNotFound = 'risk-not-found',
  MeasureNotFound = 'measure-not-found',
  WrongStage = 'risk-wrong-stage',
  NotReviewer = 'not-a-reviewer-here',
  InvalidScores = 'invalid-scores',
}

export class RiskException extends AppException<RiskErrorCode> {}
