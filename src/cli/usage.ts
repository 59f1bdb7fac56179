import { Role } from '../common/auth/roles';

/** What each command takes, apart from the commands themselves so that listing them loads nothing heavy. */
export const KEYS_ROTATE_USAGE =
  'keys:rotate    add a manifest signing key that signs from now on; old keys stay published';
export const DECISIONS_VERIFY_USAGE =
  'decisions:verify <file.pdf|file.jws> --jwks <jwks.json> [--document <file>]    check a decision offline; exit 1 if invalid';
export const USERS_CREATE_USAGE = `users:create --email <address> --roles <role,...> [--name <display name>] [--department <name>] [--password-stdin]
      roles: ${Object.values(Role).join(', ')}`;
export const AUDIT_VERIFY_USAGE =
  'audit:verify <assessment id or ref> | --all    re-compute event hash chains; exit 1 if any is broken';
export const RECORDS_EXPORT_USAGE =
  'records:export [--format jsonl|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--department D] [--outcome O] [--state S] > file';
export const OPENAPI_USAGE =
  'openapi [--out <file>]    write the OpenAPI document (JSON) without starting the service or a database';
