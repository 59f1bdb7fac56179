import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { NO_STORE_KEY, PUBLIC_KEY } from './access.decorators';

/**
 * `Cache-Control: no-store` on every answer of a route that needs a token, and of the public routes that
 * hand tokens out (@NoStore), so no browser or proxy keeps personal data or credentials. Keyed on the
 * same metadata as AccessGuard, so a new route is covered without saying so; public routes (the register,
 * the JWKS) keep the caching they choose. Set before the handler runs, so its errors carry it too.
 */
@Injectable()
export class NoStoreInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    if (!isPublic || this.reflector.getAllAndOverride<boolean>(NO_STORE_KEY, targets)) {
      context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', 'no-store');
    }
    return next.handle();
  }
}
