import type { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';

/**
 * A query's rows as an object stream read through a server-side cursor, `batchSize` rows per round
 * trip: memory stays flat whatever the row count, and a slow reader slows the cursor. The connection
 * goes back to the pool when the stream ends, fails or is destroyed (a client that went away).
 */
export async function queryStream(db: DataSource, sql: string, params: unknown[], batchSize = 1000): Promise<Readable> {
  const runner = db.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const rows = client.query(new QueryStream(sql, params, { batchSize }));
  rows.once('close', () => void runner.release().catch(() => undefined));
  return rows;
}
