import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from './actor';
import type { Permission } from './permissions';

export const PERMISSION_KEY = 'requiredPermission';
export const PUBLIC_KEY = 'isPublic';
export const NO_STORE_KEY = 'noStore';

/** The permission a route needs. A route with neither this nor @Public() is refused by AccessGuard. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** Deliberately open to anyone, without a token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** A public route whose answer must still never be stored (it hands out tokens). Non-public routes need not say it. */
export const NoStore = () => SetMetadata(NO_STORE_KEY, true);

/** The authenticated caller, as AccessGuard established it. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ user: Actor }>().user,
);
