import 'reflect-metadata';
import { AppException } from '../common/errors/app.exception';
import { ConfigError } from '../config/load-config';
import {
  AUDIT_VERIFY_USAGE,
  DECISIONS_VERIFY_USAGE,
  KEYS_ROTATE_USAGE,
  OPENAPI_USAGE,
  RECORDS_EXPORT_USAGE,
  USERS_CREATE_USAGE,
} from './usage';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  migrate    apply pending migrations (they also run at every start)
  ${USERS_CREATE_USAGE}
  ${AUDIT_VERIFY_USAGE}
  ${DECISIONS_VERIFY_USAGE}
  ${KEYS_ROTATE_USAGE}
  ${RECORDS_EXPORT_USAGE}
  ${OPENAPI_USAGE}

decisions:verify and openapi need no database. With DATABASE_URL unset, other commands use the embedded default database: the one \`npm start\` runs, or their own.`;

/**
 * Each command resolves to its exit code. Commands load lazily: the application (Nest, TypeORM) takes
 * about two seconds to load, and decisions:verify, which works offline, needs none of it.
 */
const commands: Record<string, (args: string[]) => Promise<number>> = {
  // Booting the application context runs pending migrations.
  migrate: async () => (await import('./app-context.js')).withAppContext(async () => 0),
  'users:create': async (args) => (await (await import('./commands/users-create.command.js')).usersCreate(args), 0),
  'audit:verify': async (args) => (await import('./commands/audit-verify.command.js')).auditVerify(args),
  'decisions:verify': async (args) => (await import('./commands/decisions-verify.command.js')).decisionsVerify(args),
  'keys:rotate': async (args) => (await import('./commands/keys-rotate.command.js')).keysRotate(args),
  'records:export': async (args) => (await import('./commands/records-export.command.js')).recordsExport(args),
  openapi: async (args) => (await import('./commands/openapi.command.js')).openapi(args),
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
