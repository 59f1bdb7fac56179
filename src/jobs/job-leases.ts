import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/** First key of every lease lock, so leases never meet the one-key advisory locks used elsewhere. */
export const LEASE_LOCK_SPACE = 0x6a6f62; // "job"

interface LeaseConnection {
  client: Client;
  /** Jobs locked on this connection (once each: advisory locks stack, and one unlock must free one). */
  locked: Set<string>;
}

/**
 * A job in hand is covered by a session-level advisory lock on one connection of this process, keyed by
 * the job's id. PostgreSQL releases the lock the moment the process dies or that connection is cut, so
 * whether a job's worker is gone is answered by the server itself (see JobQueue's sweep), not guessed
 * from a timeout that would have to outlast the longest job.
 */
export class JobLeases {
  private readonly logger = new Logger(JobLeases.name);
  private readonly held = new Set<string>();
  private connection?: Promise<LeaseConnection>;
  private closed = false;

  constructor(private readonly databaseUrl: string) {}

  /**
   * Never throws: a job whose lease cannot be taken still runs, and may be swept and run again meanwhile
   * (handlers are idempotent).
   */
  async hold(jobId: string): Promise<void> {
    this.held.add(jobId);
    try {
      await this.lockHeld(await this.connect());
    } catch (error) {
      this.logger.warn({ err: error, jobId }, 'job lease not taken; the job may be retried while it runs');
    }
  }

  async release(jobId: string): Promise<void> {
    this.held.delete(jobId);
    const connection = await this.connection?.catch(() => undefined);
    if (!connection?.locked.delete(jobId)) return;
    await connection.client
      .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_LOCK_SPACE, jobId])
      .catch(() => undefined); // a lost connection has released it already
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = await this.connection?.catch(() => undefined);
    this.connection = undefined;
    await connection?.client.end().catch(() => undefined);
  }

  /**
   * Locks every job in hand that this connection does not hold yet. Marked before the query, so calls
   * that overlap never lock one job twice (the locks stack). Without waiting: a job whose lock another
   * session holds was swept and taken over while our connection was down, and is theirs now.
   */
  private async lockHeld(connection: LeaseConnection): Promise<void> {
    const missing = [...this.held].filter((id) => !connection.locked.has(id));
    if (missing.length === 0) return;
    for (const id of missing) connection.locked.add(id);
    const { rows } = await connection.client.query<{ id: string }>(
      'SELECT id FROM unnest($2::text[]) AS id WHERE pg_try_advisory_lock($1, hashtext(id))',
      [LEASE_LOCK_SPACE, missing],
    );
    const taken = new Set(rows.map((row) => row.id));
    for (const id of missing) if (!taken.has(id)) connection.locked.delete(id);
  }

  private connect(): Promise<LeaseConnection> {
    this.connection ??= this.open().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async open(): Promise<LeaseConnection> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'job-leases' });
    const connection: LeaseConnection = { client, locked: new Set() };
    let live = false; // a failed connect is the caller's to report; only a live connection is taken again
    const onLost = (error?: Error) => {
      if (!live || this.closed) return;
      live = false;
      this.connection = undefined;
      this.logger.warn({ err: error }, 'job lease connection lost; taking the leases again');
      // The locks went with the connection: take them again on a new one for the jobs still in hand.
      void this.connect()
        .then((next) => this.lockHeld(next))
        .catch((err: unknown) =>
          this.logger.error({ err }, 'job leases not taken again; their jobs may be retried while they run'),
        );
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    await client.connect();
    live = true;
    return connection;
  }
}
