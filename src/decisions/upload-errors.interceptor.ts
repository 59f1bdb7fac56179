import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { ValidationException } from '../common/errors/app.exception';

/**
 * Names the upload field in multer's 400s (a wrong field name, a broken multipart body), which otherwise
 * reach the client as a bare message. Goes outside FileInterceptor, so it sees what that throws.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(private readonly field: string) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof BadRequestException && !(error instanceof ValidationException)) {
          throw new ValidationException([{ pointer: `/${this.field}`, detail: `cannot be read: ${error.message}` }]);
        }
        throw error;
      }),
    );
  }
}
