import { AppException, type AppExceptionOptions } from '../errors/app.exception';

export enum AuthErrorCode {
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
}

export class UnauthenticatedException extends AppException {
  constructor(detail = 'A valid access token is required.') {
    super(AuthErrorCode.Unauthenticated, detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

export class ForbiddenException extends AppException {
  constructor(detail: string, options: AppExceptionOptions = {}) {
    super(AuthErrorCode.Forbidden, detail, options);
  }
}
