import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { CsrfTokens } from '../../identity/sessions/csrf-tokens';
import { SessionCookies } from '../../identity/sessions/session-cookies';
import { WebSessionsService } from '../../identity/sessions/web-sessions.service';
import type { PageRequest } from '../../web/page-request';
import { UPLOAD_FORM_KEY } from '../../web/upload-form';
import { WEB_PAGE_KEY } from '../../web/web-pages.decorator';
import type { Actor } from './actor';
import { PERMISSION_KEY, PUBLIC_KEY } from './access.decorators';
import {
  CsrfRejectedException,
  ForbiddenException,
  SignInRequiredException,
  UnauthenticatedException,
} from './auth.exception';
import { type Permission, permissionsOf } from './permissions';

/**
 * The global guard: deny by default. A route passes only if it is @Public(), or the caller is authenticated
 * and holds a role granting the route's @RequirePermission. A route that declares neither is refused for
 * everyone (and logged), so a forgotten decorator fails closed.
 *
 * API routes authenticate by bearer token only. Page routes (@WebPages) authenticate by session cookie only,
 * and every POST to them must carry the form's CSRF token: a cookie never authenticates an API call, and a
 * token never opens a page. An upload form's (@UploadForm) multipart POST has its token checked once its body
 * is read (CheckUploadCsrf), before the route does anything with it.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessionsService,
    private readonly cookies: SessionCookies,
    private readonly csrf: CsrfTokens,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets: [Function, Function] = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(WEB_PAGE_KEY, targets)) return this.canOpenPage(context, targets);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    await super.canActivate(context); // passport-jwt: throws UnauthenticatedException via handleRequest
    return this.permits(context, targets);
  }

  private async canOpenPage(context: ExecutionContext, targets: [Function, Function]): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PageRequest>();
    req.webPage = true;
    req.session = await this.sessions.resolve(this.cookies.read(req, this.cookies.session));
    req.user = req.session?.actor;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    if (!isPublic && !req.user) throw new SignInRequiredException();
    const deferredToUpload =
      this.reflector.getAllAndOverride<boolean>(UPLOAD_FORM_KEY, targets) && req.is('multipart/form-data');
    if (req.method !== 'GET' && req.method !== 'HEAD' && !deferredToUpload) {
      const binding = this.cookies.formBinding(req);
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (!this.csrf.matches(binding, token)) throw new CsrfRejectedException();
    }
    return isPublic || this.permits(context, targets);
  }

  private permits(context: ExecutionContext, targets: [Function, Function]): boolean {
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
