import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/problem.response';
import type { Actor } from './actor';
import { type Permission, rolesGranting } from './permissions';

export const PERMISSION_KEY = 'requiredPermission';
export const PUBLIC_KEY = 'isPublic';
export const NO_STORE_KEY = 'noStore';

/**
 * The permission a route needs. A route with neither this nor @Public() is refused by AccessGuard.
 * The OpenAPI document learns the same here: a bearer token, 401/403 answers, and (as x-permission) the
 * permission with the roles that grant it.
 */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiBearerAuth(),
    ApiProblems(401, 403),
    ApiExtension('x-permission', { permission, roles: rolesGranting(permission) }),
  );

/** Deliberately open to anyone, without a token (an empty security requirement, in OpenAPI's terms). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiSecurity({}));

/** A public route whose answer must still never be stored (it hands out tokens). Non-public routes need not say it. */
export const NoStore = () => SetMetadata(NO_STORE_KEY, true);

/** The authenticated caller, as AccessGuard established it. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ user: Actor }>().user,
);
