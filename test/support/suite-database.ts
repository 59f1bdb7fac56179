import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { suiteDatabasePrefix } from './suite-database-name';

/**
 * Every e2e spec file runs on a database of its own, copied from the migrated template global setup
 * made. Spec files run two at a time, and on one shared database one file's workers took the other's
 * jobs and its assessments took numbers from the other's counter.
 *
 * Loaded per spec file (setupFilesAfterEnv): these hooks run before the file's own beforeAll and after
 * its own afterAll.
 */
const template = new URL(requireEnv('TEST_TEMPLATE_DATABASE_URL'));
const templateName = template.pathname.slice(1);
const name = `${suiteDatabasePrefix(templateName)}${process.pid}_${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  await asAdmin(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  const url = new URL(template);
  url.pathname = `/${name}`;
  process.env.TEST_DATABASE_URL = url.toString();
});

afterAll(async () => {
  delete process.env.TEST_DATABASE_URL;
  await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

/** Runs a statement from the server's maintenance database: nobody may be connected to the template. */
async function asAdmin(sql: string): Promise<void> {
  const url = new URL(template);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function requireEnv(variable: string): string {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set; e2e specs run under test/support/global-setup.ts`);
  return value;
}
