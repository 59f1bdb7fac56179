import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/run-migrations';

declare global {
  var embeddedTestDatabase: { server: EmbeddedPostgres; database: string } | undefined;
}

/**
 * The e2e template database: TEST_DATABASE_URL (or DATABASE_URL) when set, as CI does; otherwise a fresh
 * database on an embedded PostgreSQL kept under ./data/pg-test, so `npm test` needs nothing installed.
 * Migrations run once here; each spec file then gets a copy of it (test/support/suite-database.ts), named
 * in TEST_DATABASE_URL, so the given URL moves to TEST_TEMPLATE_DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  let url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    const server = new EmbeddedPostgres({
      dir: resolve(__dirname, '../../data/pg-test'),
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330),
      database: 'postgres',
      logger: { debug: () => undefined, info: () => undefined, warn: (message) => console.warn(message) },
    });
    const adminUrl = await server.start();
    const database = `e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    globalThis.embeddedTestDatabase = { server, database };
    url = adminUrl.replace(/\/postgres$/, `/${database}`);
  }
  process.env.TEST_TEMPLATE_DATABASE_URL = url;
  delete process.env.TEST_DATABASE_URL;

  const dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
