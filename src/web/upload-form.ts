import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { CsrfRejectedException } from '../common/auth/auth.exception';
import { CsrfTokens } from '../identity/sessions/csrf-tokens';
import { SessionCookies } from '../identity/sessions/session-cookies';
import type { PageRequest } from './page-request';

export const UPLOAD_FORM_KEY = 'uploadForm';

/** The CSRF check of an upload form, once the multipart body is read: the same token and binding as the guard's. */
@Injectable()
export class CheckUploadCsrf implements NestInterceptor {
  constructor(
    private readonly csrf: CsrfTokens,
    private readonly cookies: SessionCookies,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<PageRequest>();
    const token = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (!this.csrf.matches(this.cookies.formBinding(req), token)) throw new CsrfRejectedException();
    return next.handle();
  }
}

/**
 * A page route that takes a multipart form (a file upload), with `interceptors` ending in its FileInterceptor.
 * Its CSRF token travels in the form's body like every other form's, but a multipart body is read only by that
 * interceptor, after the guard: so AccessGuard leaves a multipart POST's check to CheckUploadCsrf, which this
 * puts right after the upload, before the route's handler. A POST of any other type is checked by the guard.
 */
export const UploadForm = (...interceptors: (NestInterceptor | (new (...args: never[]) => NestInterceptor))[]) =>
  applyDecorators(SetMetadata(UPLOAD_FORM_KEY, true), UseInterceptors(...interceptors, CheckUploadCsrf));
