import { ALL_ROLES, type Role } from '../../common/auth/roles';
import { ROLE_LABELS } from '../../common/labels';
import type { UserView } from '../users.service';

/** What the user list's filter form holds, as typed (empty means "any"). */
export interface UserFilter {
  q: string;
  role: string;
  department: string;
  active: string;
}

/** The filter from a query string: text cut to the API's lengths, choices kept only when they are choices. */
export function userFilterOf(query: Record<string, unknown>): UserFilter {
  const text = (name: string, max: number) => {
    const value = query[name];
    return typeof value === 'string' ? value.trim().slice(0, max) : '';
  };
  const role = text('role', 40);
  const active = text('active', 10);
  return {
    q: text('q', 100),
    role: (ALL_ROLES as string[]).includes(role) ? role : '',
    department: text('department', 100),
    active: active === 'true' || active === 'false' ? active : '',
  };
}

/** Every role as a checkbox or an option: its code, its name, and whether it is chosen. */
export function roleChoices(chosen: readonly string[]) {
  return ALL_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], checked: chosen.includes(role) }));
}

export function roleNames(roles: readonly Role[]): string {
  return roles.length ? roles.map((r) => ROLE_LABELS[r]).join(', ') : 'No roles';
}

/** A user as a row of the list. */
export function userRow(user: UserView) {
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    department: user.department,
    roles: roleNames(user.roles),
    active: user.active,
  };
}

/**
 * A refusal's JSON pointer as the form's field: "/roles/0" is the roles fieldset, "/displayName" the name field.
 */
export function fieldOfPointer(pointer: string): string {
  const [, first = ''] = pointer.split('/');
  return ['email', 'displayName', 'department', 'roles', 'password'].includes(first) ? first : '';
}
