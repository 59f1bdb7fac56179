import { AppException, type AppExceptionOptions } from '../errors/app.exception';

export enum AuthErrorCode {
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  SignInRequired = 'sign-in-required',
  CsrfRejected = 'csrf-rejected',
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

/** A page needs a signed-in person; the filter answers a browser with a redirect to /login. */
export class SignInRequiredException extends AppException {
  constructor(detail = 'Sign in to see this page.') {
    super(AuthErrorCode.SignInRequired, detail);
  }
}

/** A form came without the token this session's pages carry: maybe forged by another site, maybe a stale page. */
export class CsrfRejectedException extends AppException {
  constructor() {
    super(
      AuthErrorCode.CsrfRejected,
      'This form could not be accepted: it was not sent from a page of this service, or your session changed. Reload the page and try again.',
    );
  }
}
