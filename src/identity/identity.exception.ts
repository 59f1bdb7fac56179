import { AppException } from '../common/errors/app.exception';

export enum IdentityErrorCode {
  InvalidCredentials = 'invalid-credentials',
  LockedOut = 'locked-out',
  InvalidRefreshToken = 'invalid-refresh-token',
  ReauthenticationFailed = 'reauthentication-failed',
  WeakPassword = 'weak-password',
  EmailTaken = 'email-taken',
  UserNotFound = 'user-not-found',
  LastAdmin = 'last-admin',
  SelfLockout = 'self-lockout',
  SelfGrant = 'self-grant',
}

export class IdentityException extends AppException<IdentityErrorCode> {
  /** The same answer for an unknown e-mail and a wrong password. */
  static invalidCredentials() {
    return new IdentityException(IdentityErrorCode.InvalidCredentials, 'The e-mail or password is not correct.');
  }

  /** 403, not 401: the session is fine, the password given to confirm an act was not. */
  static reauthenticationFailed() {
    return new IdentityException(IdentityErrorCode.ReauthenticationFailed, 'The password is not correct.', {
      errors: [{ pointer: '/password', detail: 'password is not correct' }],
    });
  }

  static lockedOut(retryAfterSeconds: number) {
    return new IdentityException(
      IdentityErrorCode.LockedOut,
      `Too many failed attempts. Try again in ${retryAfterSeconds} s.`,
      { headers: { 'Retry-After': String(retryAfterSeconds) }, extensions: { retryAfter: retryAfterSeconds } },
    );
  }

  static weakPassword(pointer: string, problem: string) {
    return new IdentityException(IdentityErrorCode.WeakPassword, `The password ${problem}.`, {
      errors: [{ pointer, detail: `password ${problem}` }],
    });
  }
}
