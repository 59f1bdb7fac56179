import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import { createRootLogger } from '../../src/common/logging/root-logger';
import { loadConfig } from '../../src/config/load-config';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set; e2e specs run under test/support/global-setup.ts');
  return url;
}

/** Boots the real application (same factory as main.ts) on the e2e database. */
export async function bootTestApp(
  env: Record<string, string> = {},
  databaseUrl = testDatabaseUrl(),
): Promise<INestApplication> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
  return createApp({ config, databaseUrl, logger: createRootLogger(config) });
}
