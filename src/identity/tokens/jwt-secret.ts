import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';

/**
 * JWT_SECRET when configured (required in production). Otherwise a random secret generated once and
 * kept under DATA_DIR, so development sessions survive a restart. Instances that share a database
 * must share JWT_SECRET.
 */
export async function resolveJwtSecret(config: AppConfig, logger: { warn(message: string): void }): Promise<string> {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = join(config.dataDir, 'keys', 'jwt-secret');
  const stored = await readFile(file, 'utf8').catch(() => undefined);
  if (stored?.trim()) return stored.trim();
  const secret = randomBytes(48).toString('base64url');
  // DATA_DIR stays traversable (the embedded PostgreSQL, running as its own user, lives under it); keys/ does not.
  await mkdir(config.dataDir, { recursive: true, mode: 0o755 });
  await mkdir(join(config.dataDir, 'keys'), { recursive: true, mode: 0o700 });
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // another instance wrote it first: use theirs
  });
  logger.warn(`JWT_SECRET is not set: using the generated development secret in ${file}`);
  return (await readFile(file, 'utf8')).trim();
}
