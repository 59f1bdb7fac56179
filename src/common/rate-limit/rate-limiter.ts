import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Fixed-window request counts kept in PostgreSQL, so every instance counts the same requests. One
 * statement counts a request and says how long its window has left, so concurrent requests cannot both
 * take the last place.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly db: DataSource) {}

  /** Counts a request of `key` in `bucket`; 0 when it is within `limit`, else the seconds until the window ends. */
  async take(bucket: string, key: string, limit: number, windowSeconds: number): Promise<number> {
    const [row]: { hits: number; seconds_left: number }[] = await this.db.query(
      `INSERT INTO rate_limits AS r (bucket, key, window_started_at, hits)
       VALUES ($1, $2, now(), 1)
       ON CONFLICT (bucket, key) DO UPDATE SET
         hits = CASE WHEN r.window_started_at <= now() - make_interval(secs => $3) THEN 1 ELSE r.hits + 1 END,
         window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => $3) THEN now() ELSE r.window_started_at END
       RETURNING hits, ceil(extract(epoch FROM r.window_started_at + make_interval(secs => $3) - now()))::int AS seconds_left`,
      [bucket, key.slice(0, 254), windowSeconds],
    );
    return row.hits <= limit ? 0 : Math.max(1, row.seconds_left);
  }
}
