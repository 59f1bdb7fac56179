import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FreshDatabase } from './support/fresh-database';
import { bootTestApp } from './support/test-app';

/**
 * Readiness against a database that goes away: the app gets a database of its own, then that database
 * stops accepting connections and its sessions are cut, as when a server fails over.
 */
describe('readiness when the database is unreachable', () => {
  const database = new FreshDatabase();
  let app: INestApplication;

  beforeAll(async () => {
    app = await bootTestApp({}, await database.create());
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await database.drop();
  });

  it('answers 503 problem+json naming the database check', async () => {
    await request(app.getHttpServer()).get('/health/ready').expect(200);

    await database.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    await database.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database.name]);

    const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, type: 'urn:privacy-review:problem:not-ready' });
    expect(res.body.checks.database.status).toBe('down');
    // Liveness does not depend on the database.
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});
