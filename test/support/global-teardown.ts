import { Client } from 'pg';
import { suiteDatabasePrefix } from './suite-database-name';

/**
 * Drops the spec files' copies a crashed run left behind, then the embedded run's template and server.
 * A given TEST_DATABASE_URL (the template in CI) is left as it is.
 */
export default async function globalTeardown(): Promise<void> {
  const template = new URL(process.env.TEST_TEMPLATE_DATABASE_URL!);
  const templateName = template.pathname.slice(1);
  template.pathname = '/postgres';
  const admin = new Client({ connectionString: template.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND substr(datname, length($1) + 1) ~ '^[0-9]+_[0-9a-f]{6}$'`,
      [suiteDatabasePrefix(templateName)],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    const embedded = globalThis.embeddedTestDatabase;
    if (embedded) await admin.query(`DROP DATABASE IF EXISTS "${embedded.database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await globalThis.embeddedTestDatabase?.server.stop();
}
