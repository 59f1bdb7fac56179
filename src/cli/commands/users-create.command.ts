import { parseArgs } from 'node:util';
import { Role } from '../../common/auth/roles';
import { UsersService } from '../../identity/users.service';
import { withAppContext } from '../app-context';
import { readPassword } from '../read-password';
import { USERS_CREATE_USAGE } from '../usage';

export async function usersCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      roles: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.email || !values.roles) throw new Error(`--email and --roles are required\nusage: ${USERS_CREATE_USAGE}`);
  const roles = values.roles.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !Object.values(Role).includes(role as Role));
  if (unknown.length > 0)
    throw new Error(`unknown role(s): ${unknown.join(', ')}; roles are ${Object.values(Role).join(', ')}`);

  const password = await readPassword(values['password-stdin']);
  const user = await withAppContext((app) =>
    app.get(UsersService).create(
      {
        email: values.email!.trim().toLowerCase(),
        displayName: values.name ?? values.email!,
        department: values.department,
        roles: roles as Role[],
        password,
      },
      null,
    ),
  );
  process.stdout.write(`${JSON.stringify(user)}\n`);
}
