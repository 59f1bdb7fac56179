import 'reflect-metadata';
import { AppException } from '../common/errors/app.exception';
import { ConfigError } from '../config/load-config';
import { AUDIT_VERIFY_USAGE, auditVerify } from './commands/audit-verify.command';
import { DECISIONS_VERIFY_USAGE, decisionsVerify } from './commands/decisions-verify.command';
import { KEYS_ROTATE_USAGE, keysRotate } from './commands/keys-rotate.command';
import { USERS_CREATE_USAGE, usersCreate } from './commands/users-create.command';
import { withAppContext } from './app-context';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  migrate    apply pending migrations (they also run at every start)
  ${USERS_CREATE_USAGE}
  ${AUDIT_VERIFY_USAGE}
  ${DECISIONS_VERIFY_USAGE}
  ${KEYS_ROTATE_USAGE}

decisions:verify needs no database. With DATABASE_URL unset, other commands use the embedded default database (stop \`npm start\` first).`;

/** Each command resolves to its exit code. */
const commands: Record<string, (args: string[]) => Promise<number>> = {
  // Booting the application context runs pending migrations.
  migrate: () => withAppContext(async () => 0),
  'users:create': async (args) => (await usersCreate(args), 0),
  'audit:verify': auditVerify,
  'decisions:verify': decisionsVerify,
  'keys:rotate': keysRotate,
};

async function main(argv: string[]): Promise<number> {
  const command = commands[argv[0] ?? ''];
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  return command(argv.slice(1));
}

function describe(error: unknown): string {
  if (error instanceof AppException && error.errors?.length) {
    return `${error.message}\n${error.errors.map((e) => `  ${e.pointer}: ${e.detail}`).join('\n')}`;
  }
  return error instanceof Error ? error.message : String(error);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${describe(error)}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
