import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { validateBody } from '../common/validation/validation';
import { LoginDto } from './dto/login.dto';
import { IdentityException } from './identity.exception';

/**
 * Guards run before pipes, so the login body is validated here: a missing or mistyped field gets the
 * same 400 problem+json as anywhere else, instead of passport-local's bare 401.
 */
@Injectable()
export class LocalLoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await validateBody(LoginDto, context.switchToHttp().getRequest<Request>().body ?? {});
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw IdentityException.invalidCredentials();
    return user;
  }
}
