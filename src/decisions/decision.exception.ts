import { AppException } from '../common/errors/app.exception';

export enum DecisionErrorCode {
  NotDecided = 'not-decided',
  DecisionNotFound = 'decision-not-found',
  DocumentNotReady = 'document-not-ready',
  DocumentVersionNotFound = 'document-version-not-found',
  CorrectionPending = 'correction-pending',
  LaterCycle = 'decision-of-earlier-cycle',
  Disposed = 'decision-disposed',
}

export class DecisionException extends AppException<DecisionErrorCode> {}
