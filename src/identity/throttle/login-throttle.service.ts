import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';

export type ThrottleScope = 'account' | 'ip';
export interface ThrottleKey {
  scope: ThrottleScope;
  key: string;
}

/**
 * Failed-attempt counters with lockout, kept in PostgreSQL so every instance sees the same counts.
 * A window of failures opens at the first failure; reaching the limit within it locks the key.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  keysFor(email: string, ip: string | undefined): ThrottleKey[] {
    return [{ scope: 'account', key: email }, ...(ip ? [{ scope: 'ip' as const, key: ip }] : [])];
  }

  /** Seconds until every given key is unlocked; 0 when none is locked. */
  async lockedFor(keys: ThrottleKey[]): Promise<number> {
    const rows: { seconds: string | null }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
         FROM login_throttles
        WHERE (scope, key) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))
          AND locked_until > now()`,
      [keys.map((k) => k.scope), keys.map((k) => k.key)],
    );
    return Math.max(0, Number(rows[0]?.seconds ?? 0));
  }

  /** Counts a failure against each key; returns the keys this failure locked. */
  async recordFailure(keys: ThrottleKey[]): Promise<ThrottleKey[]> {
    const { maxPerAccount, maxPerIp, windowSeconds, lockoutSeconds } = this.config.auth.throttle;
    const locked: ThrottleKey[] = [];
    for (const key of keys) {
      const limit = key.scope === 'account' ? maxPerAccount : maxPerIp;
      const [counted]: { failures: number }[] = await this.db.query(
        `INSERT INTO login_throttles AS t (scope, key, failures, window_started_at)
         VALUES ($1, $2, 1, now())
         ON CONFLICT (scope, key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN now() ELSE t.window_started_at END
         RETURNING failures`,
        [key.scope, key.key, windowSeconds],
      );
      if (counted.failures < limit) continue;
      // The lock starts a fresh count, so the next failure after it expires is the first of a new window.
      await this.db.query(
        `UPDATE login_throttles SET locked_until = now() + make_interval(secs => $3), failures = 0, window_started_at = now()
          WHERE scope = $1 AND key = $2`,
        [key.scope, key.key, lockoutSeconds],
      );
      locked.push(key);
    }
    return locked;
  }

  /** A success clears the account's count; the IP's stays, so one good login cannot reset a spray. */
  async recordSuccess(email: string): Promise<void> {
    await this.db.query(`DELETE FROM login_throttles WHERE scope = 'account' AND key = $1`, [email]);
  }
}
