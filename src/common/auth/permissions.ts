import { Role } from './roles';

/** What a route may require. Each route names exactly one with @RequirePermission, or is @Public. */
export enum Permission {
  /** Read one's own profile, change one's password, end one's session. */
  OwnAccount = 'own-account',
  UsersRead = 'users:read',
  UsersManage = 'users:manage',
  AuthEventsRead = 'auth-events:read',
}

/** The one map from roles to permissions. Ownership and stage are checked in services (AccessPolicy). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.ProjectOwner]: [Permission.OwnAccount],
  [Role.PrivacyOfficer]: [Permission.OwnAccount],
  [Role.LegalCounsel]: [Permission.OwnAccount],
  [Role.Approver]: [Permission.OwnAccount],
  [Role.RecordsOfficer]: [Permission.OwnAccount],
  [Role.Admin]: [Permission.OwnAccount, Permission.UsersRead, Permission.UsersManage, Permission.AuthEventsRead],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
}

export function rolesGranting(permission: Permission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
