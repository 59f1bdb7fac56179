import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  /** Present when we started the embedded default; stop it after the pool is closed. */
  embedded?: EmbeddedPostgres;
}

/**
 * DATABASE_URL when set; otherwise the embedded default, started here. With `shareRunning` (the CLI), an embedded
 * default that the running service holds is used as it is, rather than refused.
 */
export async function resolveDatabase(
  config: AppConfig,
  logger: Logger,
  { shareRunning = false } = {},
): Promise<ResolvedDatabase> {
  if (config.database.url) return { url: config.database.url };
  const log = logger.child({ context: 'EmbeddedPostgres' });
  const embedded = new EmbeddedPostgres({ ...config.database.embedded, database: 'privacy_review', logger: log });
  const running = shareRunning ? await embedded.runningUrl() : undefined;
  if (running) {
    log.info({ dir: config.database.embedded.dir }, 'using the embedded PostgreSQL of the running service');
    return { url: running };
  }
  log.info(config.database.embedded, 'starting the embedded PostgreSQL');
  return { url: await embedded.start(), embedded };
}
