import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/problem.response';
import type { Actor } from './actor';
import type { Permission } from './permissions';

export const PERMISSION_KEY = 'requiredPermission';
export const PUBLIC_KEY = 'isPublic';
export const NO_STORE_KEY = 'noStore';

/**
 * The permission a route needs. A route with neither this nor @Public() is refused by AccessGuard.
 * The OpenAPI document learns the same fact here: a bearer token, and 401/403 answers.
 */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(SetMetadata(PERMISSION_KEY, permission), ApiBearerAuth(), ApiProblems(401, 403));

/** Deliberately open to anyone, without a token (an empty security requirement, in OpenAPI's terms). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiSecurity({}));

/** A public route whose answer must still never be stored (it hands out tokens). Non-public routes need not say it. */
export const NoStore = () => SetMetadata(NO_STORE_KEY, true);

/** The authenticated caller, as AccessGuard established it. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ user: Actor }>().user,
);
