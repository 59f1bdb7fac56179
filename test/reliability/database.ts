import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface RunDatabase {
  name: string;
  url: string;
  /** A connection of the runner's own to the run's database, for checks and for cutting the service's. */
  client: Client;
  dispose(): Promise<void>;
}

/**
 * A fresh database for one run: on TEST_DATABASE_URL's (or DATABASE_URL's) server when set, as CI does,
 * else on an embedded PostgreSQL of the runner's own under ./data/pg-reliability. Dropped afterwards.
 */
export async function createRunDatabase(log: (line: string) => void): Promise<RunDatabase> {
  let serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let stopEmbedded = async (): Promise<void> => undefined;
  if (!serverUrl) {
    const server = new EmbeddedPostgres({
      dir: resolve(__dirname, '../../../data/pg-reliability'),
      port: Number(process.env.RELIABILITY_EMBEDDED_PG_PORT ?? 54331),
      database: 'postgres',
      logger: { debug: () => undefined, info: () => undefined, warn: (message: string) => log(message) },
    });
    serverUrl = await server.start();
    stopEmbedded = () => server.stop();
  }
  const serverAddress: string = serverUrl;
  const name = `reliability_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverAddress });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverAddress);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString(), application_name: 'reliability-runner' });
  await client.connect();
  return {
    name,
    url: url.toString(),
    client,
    async dispose() {
      await client.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
      await stopEmbedded();
    },
  };
}
