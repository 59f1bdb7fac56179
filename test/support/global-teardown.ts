import { Client } from 'pg';

/** Drops the embedded run's database and stops the server; a given TEST_DATABASE_URL is left as it is. */
export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.embeddedTestDatabase;
  if (!embedded) return;
  const admin = new Client({ connectionString: embedded.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${embedded.database} WITH (FORCE)`);
  await admin.end();
  await embedded.server.stop();
}
