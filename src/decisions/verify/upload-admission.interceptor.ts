import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { CsrfRejectedException } from '../../common/auth/auth.exception';
import { AppException } from '../../common/errors/app.exception';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { AppConfig } from '../../config/app-config';

/**
 * Admits a verification upload before a byte of it is read: within the client address's limit (counted
 * in PostgreSQL, so across instances), and while this instance holds fewer than VERIFY_MAX_IN_FLIGHT
 * uploads, so memory stays within that many times the size cap whatever the number of addresses.
 *
 * An upload form's CSRF token travels in its multipart body, read only after admission (CheckUploadCsrf):
 * an upload refused for its token is given back to the address's count, so a cross-site form post cannot
 * use up another's verifications.
 */
@Injectable()
export class UploadAdmissionInterceptor implements NestInterceptor {
  private inFlight = 0;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const { maxPerIp, windowSeconds, maxInFlight } = this.config.decisions.verify;

    const address = req.ip ?? 'unknown';
    const taken = await this.limiter.take('verify', address, maxPerIp, windowSeconds);
    const { wait } = taken;
    if (wait > 0) {
      throw new AppException('too-many-requests', `Too many verifications from your address. Try again in ${wait} s.`, {
        headers: { 'Retry-After': String(wait) },
        extensions: { retryAfter: wait },
      });
    }
    if (this.inFlight >= maxInFlight) {
      throw new AppException('busy', 'The service is verifying as many uploads as it can. Try again in a second.', {
        headers: { 'Retry-After': '1' },
        extensions: { retryAfter: 1 },
      });
    }
    this.inFlight++;
    // 'close' comes once the answer is sent or the client went away, whichever way the request ended.
    res.once('close', () => this.inFlight--);
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          error instanceof CsrfRejectedException
            ? from(this.limiter.giveBack('verify', address, taken)).pipe(mergeMap(() => throwError(() => error)))
            : throwError(() => error),
        ),
      );
  }
}
