import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { bootTestApp, testDatabaseUrl } from './support/test-app';

/**
 * Readiness against a database that goes away: the app gets a database of its own, then that database
 * stops accepting connections and its sessions are cut, as when a server fails over.
 */
describe('readiness when the database is unreachable', () => {
  const database = `ready_${process.pid}_${Date.now()}`;
  let admin: Client;
  let app: INestApplication;

  beforeAll(async () => {
    admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${database}`;
    app = await bootTestApp({}, url.toString());
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('answers 503 problem+json naming the database check', async () => {
    await request(app.getHttpServer()).get('/health/ready').expect(200);

    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);

    const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, type: 'urn:privacy-review:problem:not-ready' });
    expect(res.body.checks.database.status).toBe('down');
    // Liveness does not depend on the database.
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});
