import { Permission, permissionsOf, ROLE_PERMISSIONS, rolesGranting } from './permissions';
import { ALL_ROLES, Role } from './roles';

describe('the permission map', () => {
  it('covers every role', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ALL_ROLES].sort());
  });

  it('grants every permission to some role (none is unreachable)', () => {
    for (const permission of Object.values(Permission)) expect(rolesGranting(permission)).not.toEqual([]);
  });

  it('keeps user administration with admins only', () => {
    expect(rolesGranting(Permission.UsersManage)).toEqual([Role.Admin]);
    expect(rolesGranting(Permission.AuthEventsRead)).toEqual([Role.Admin]);
  });

  it('unions the permissions of several roles, and grants nothing to no role', () => {
    expect(permissionsOf([])).toEqual(new Set());
    expect(permissionsOf([Role.ProjectOwner, Role.Admin])).toEqual(
      new Set([...ROLE_PERMISSIONS[Role.ProjectOwner], ...ROLE_PERMISSIONS[Role.Admin]]),
    );
  });
});
