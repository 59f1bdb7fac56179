import { pipeline, type Readable, Transform } from 'node:stream';
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

/**
 * Rows through transforms, as one readable. An error anywhere, or the reader going away early, destroys
 * every stage, and so closes the cursor and frees the connection.
 */
export function throughStages(rows: Readable, ...stages: Transform[]): Readable {
  const out = coalesce();
  pipeline([rows, ...stages, out], () => undefined);
  return out;
}

/** Joins the text of many small rows into chunks of about 64 KiB: one socket write each, not one a row. */
function coalesce(size = 64 * 1024): Transform {
  let pending: string[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      pending.push(chunk.toString());
      length += chunk.length;
      if (length < size) return done();
      const text = pending.join('');
      pending = [];
      length = 0;
      done(null, text);
    },
    flush(done) {
      done(null, pending.length > 0 ? pending.join('') : undefined);
    },
  });
}
