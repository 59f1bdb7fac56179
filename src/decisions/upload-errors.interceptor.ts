import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { AppException, ValidationException } from '../common/errors/app.exception';

/**
 * Names the upload field in multer's errors (a wrong field name, a broken multipart body, a file past
 * the cap), which otherwise reach the client as a bare message. Goes outside FileInterceptor, so it sees
 * what that throws.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(
    private readonly field: string,
    private readonly maxBytes: number,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof PayloadTooLargeException) {
          const mib = this.maxBytes / 1024 / 1024;
          throw new AppException('file-too-large', `The file is larger than ${mib} MiB.`, {
            errors: [{ pointer: `/${this.field}`, detail: `must be at most ${mib} MiB (${this.maxBytes} bytes)` }],
          });
        }
        if (error instanceof BadRequestException && !(error instanceof ValidationException)) {
          throw new ValidationException([{ pointer: `/${this.field}`, detail: `cannot be read: ${error.message}` }]);
        }
        throw error;
      }),
    );
  }
}
