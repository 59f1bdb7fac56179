import { AppException } from '../../common/errors/app.exception';

export enum ChangesErrorCode {
  InvalidSince = 'invalid-since',
}

export class ChangesException extends AppException<ChangesErrorCode> {
  /** A `since` that is not cycle:N or seq:N, or names a cycle or an event the assessment does not have: 422. */
  static invalidSince(detail: string) {
    return new ChangesException(ChangesErrorCode.InvalidSince, `since: ${detail}.`, {
      errors: [{ pointer: '/since', detail }],
    });
  }
}
