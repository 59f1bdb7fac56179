import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { JobQueue } from '../src/jobs/job-queue.service';
import { outboxQueue } from '../src/workflow/outbox/outbox-relay';
import { FreshDatabase } from './support/fresh-database';
import { assertBuilt, freePort, killStartedServices, startService } from './support/processes';
import { bootTestApp, TEST_JWT_SECRET } from './support/test-app';

/** The built service started as `npm start` would, on a database of its own. */
describe('the service process', () => {
  const database = new FreshDatabase();
  let url: string;
  let dataDir: string;
  let env: (port: number) => Record<string, string>;

  beforeAll(async () => {
    assertBuilt();
    url = await database.create();
    dataDir = mkdtempSync(join(tmpdir(), 'pre-lifecycle-'));
    env = (port) => ({
      DATABASE_URL: url,
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: dataDir,
      JOB_POLL_SECONDS: '0.5',
      SHUTDOWN_TIMEOUT_MS: '8000',
    });
  });
  afterEach(() => killStartedServices());
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits on a port that is taken without having taken a job', async () => {
    // Migrate the database and queue a job while no worker runs.
    const setup = await bootTestApp({ JOB_WORKERS: 'false' }, url);
    const jobId = await setup.get(JobQueue).boss.send(outboxQueue('notify'), { outboxId: '0' });
    await setup.close();

    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((listening) => holder.listen(port, '0.0.0.0', listening));
    try {
      const second = startService(env(port));
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('EADDRINUSE');
    } finally {
      holder.close();
    }
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client
      .query('SELECT state FROM pgboss.job WHERE id = $1', [jobId])
      .finally(() => client.end());
    expect(rows).toEqual([{ state: 'created' }]);
  });
});
