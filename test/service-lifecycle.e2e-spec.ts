import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { JobQueue } from '../src/jobs/job-queue.service';
import { outboxQueue } from '../src/workflow/outbox/outbox-relay';
import { FreshDatabase } from './support/fresh-database';
import { assertBuilt, freePort, killStartedServices, startService, waitReady } from './support/processes';
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

  it('drains keep-alive clients on SIGTERM: all answered, the last with Connection: close; exits 0', async () => {
    const port = await freePort();
    const service = startService(env(port));
    await waitReady(port, service);

    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const tally = { answered: 0, connectionClose: 0, refused: 0, failed: [] as string[] };
    let stop = false;
    const get = () =>
      new Promise<void>((done) => {
        const req = request({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
          if (res.headers.connection === 'close') tally.connectionClose += 1;
          res.resume();
          res.on('end', () => {
            tally.answered += 1;
            done();
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          // A new connection after the port closed is refused: the client goes elsewhere. Anything else
          // (a reset, a hang-up) is a request lost.
          if (error.code === 'ECONNREFUSED') tally.refused += 1;
          else tally.failed.push(error.code ?? error.message);
          stop = true;
          done();
        });
        req.end();
      });
    const clients = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 5000 && !stop; i++) await get();
    });

    await sleep(500);
    const answeredBefore = tally.answered;
    service.child.kill('SIGTERM');
    const code = await service.exited;
    stop = true;
    await Promise.all(clients);
    agent.destroy();

    expect(answeredBefore).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(tally.failed).toEqual([]);
    expect(tally.connectionClose).toBeGreaterThan(0);
    expect(service.output()).not.toContain('shutdown timed out');
  });
});
