import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import { createRootLogger } from '../../src/common/logging/root-logger';
import { loadConfig } from '../../src/config/load-config';
import { JobQueue } from '../../src/jobs/job-queue.service';

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set: a spec file has its database from its first beforeAll on (test/support/suite-database.ts)',
    );
  return url;
}

/** Boots a test app whose new assessments start on workflow v2 (parallel named reviews), as in production. */
export const V2_APP = { WORKFLOW_START_VERSION: 'v2' };

/** Signs test apps' tokens; specs that need "another key" use a different one. */
export const TEST_JWT_SECRET = 'e2e-test-secret-that-is-long-enough-0123456789';

/**
 * Boots the real application (same factory as main.ts) on the e2e database, with its job workers. The
 * per-IP login limit is raised because every spec logs in from 127.0.0.1; the throttle specs set their
 * own limits.
 */
export async function bootTestApp(
  env: Record<string, string> = {},
  databaseUrl = testDatabaseUrl(),
): Promise<INestApplication> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    VERIFY_MAX_PER_IP: '100000',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
    JOB_POLL_SECONDS: '0.5',
    JOB_RETRY_DELAY_SECONDS: '1',
    // Specs written for v1's stages keep running on v1; v2's specs ask for it (V2_APP).
    WORKFLOW_START_VERSION: 'v1',
    ...env,
  });
  const app = await createApp({ config, databaseUrl, logger: createRootLogger(config) });
  // main.ts starts them once listening; a test app is served by supertest without a port.
  app.get(JobQueue).startWorkers();
  return app;
}
