import { AppException } from '../common/errors/app.exception';

export enum AssessmentErrorCode {
  NotFound = 'assessment-not-found',
  NotOwner = 'not-the-owner',
  NotEditable = 'not-editable',
  UnknownTemplate = 'unknown-template',
  PreconditionRequired = 'precondition-required',
  BadPrecondition = 'bad-precondition',
  StaleVersion = 'stale-version',
  InvalidAnswers = 'invalid-answers',
  Incomplete = 'incomplete',
}

export class AssessmentException extends AppException<AssessmentErrorCode> {
  /** 404 whether it does not exist or the caller may not reach it: existence is not disclosed. */
  static notFound() {
    return new AssessmentException(AssessmentErrorCode.NotFound, 'No such assessment.');
  }
}
