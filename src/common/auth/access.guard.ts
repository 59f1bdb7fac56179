import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Actor } from './actor';
import { PERMISSION_KEY, PUBLIC_KEY } from './access.decorators';
import { ForbiddenException, UnauthenticatedException } from './auth.exception';
import { type Permission, permissionsOf } from './permissions';

/**
 * The global guard: deny by default. A route passes only if it is @Public(), or the caller has a valid
 * access token and a role granting the route's @RequirePermission. A route that declares neither is
 * refused for everyone (and logged), so a forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    await super.canActivate(context); // passport-jwt: throws UnauthenticatedException via handleRequest
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      this.logger.error(
        { route: `${context.getClass().name}.${context.getHandler().name}` },
        'route declares no permission',
      );
      throw new ForbiddenException('This route is not open to anyone.');
    }
    const actor = context.switchToHttp().getRequest<{ user: Actor }>().user;
    if (!permissionsOf(actor.roles).has(permission)) {
      throw new ForbiddenException(`This needs the permission "${permission}", which your roles do not grant.`);
    }
    return true;
  }

  override handleRequest<TUser = Actor>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) throw error;
    if (!user) throw new UnauthenticatedException(describeTokenProblem(info));
    return user;
  }
}

function describeTokenProblem(info: unknown): string {
  const name = info instanceof Error ? info.name : undefined;
  if (name === 'TokenExpiredError') return 'The access token has expired; refresh it.';
  if (name === 'JsonWebTokenError' || name === 'NotBeforeError') return 'The access token is not valid.';
  return 'A valid access token is required.';
}
