import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A request counted by RateLimiter.take: how long to wait (0 when within the limit), and the window it counted in. */
export interface Taken {
  /** 0 when the request is within the limit, else the seconds until the window ends. */
  wait: number;
  /** The window the request was counted in (its start, in microseconds), for giveBack. */
  window: string;
}

/**
 * Fixed-window request counts kept in PostgreSQL, so every instance counts the same requests. One
 * statement counts a request and says how long its window has left, so concurrent requests cannot both
 * take the last place.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly db: DataSource) {}

  /** Counts a request of `key` in `bucket`, and says whether it is within `limit`. */
  async take(bucket: string, key: string, limit: number, windowSeconds: number): Promise<Taken> {
    const [row]: { hits: number; seconds_left: number; window_id: string }[] = await this.db.query(
      `INSERT INTO rate_limits AS r (bucket, key, window_started_at, hits)
       VALUES ($1, $2, now(), 1)
       ON CONFLICT (bucket, key) DO UPDATE SET
         hits = CASE WHEN r.window_started_at <= now() - make_interval(secs => $3) THEN 1 ELSE r.hits + 1 END,
         window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => $3) THEN now() ELSE r.window_started_at END
       RETURNING hits, ceil(extract(epoch FROM r.window_started_at + make_interval(secs => $3) - now()))::int AS seconds_left,
         ${WINDOW} AS window_id`,
      [bucket, key.slice(0, 254), windowSeconds],
    );
    return { wait: row.hits <= limit ? 0 : Math.max(1, row.seconds_left), window: row.window_id };
  }

  /**
   * Uncounts a request `take` counted, if its window is still the current one (a request counted in a window
   * that has since ended is not given back to the next).
   */
  async giveBack(bucket: string, key: string, taken: Taken): Promise<void> {
    await this.db.query(
      `UPDATE rate_limits SET hits = greatest(hits - 1, 0) WHERE bucket = $1 AND key = $2 AND ${WINDOW} = $3`,
      [bucket, key.slice(0, 254), taken.window],
    );
  }
}

/** A window's start as exact text (microseconds since the epoch), the same whatever the session's time zone. */
const WINDOW = `(extract(epoch FROM window_started_at) * 1000000)::bigint::text`;
