import { AppException } from '../common/errors/app.exception';

export enum RecordsErrorCode {
  NoDepartment = 'records-no-department',
  DecisionNotFound = 'record-not-found',
  LegalHold = 'legal-hold',
  NoLegalHold = 'no-legal-hold',
  NotDue = 'not-due-for-disposition',
  AlreadyDisposed = 'already-disposed',
  PackageNotFound = 'package-not-found',
  PackageNotReady = 'package-not-ready',
}

export class RecordsException extends AppException<RecordsErrorCode> {}
