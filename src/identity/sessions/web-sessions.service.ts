import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { AppConfig } from '../../config/app-config';
import { UsersService } from '../users.service';

/** A signed-in browser: who it is, and the cookie value that proves it (the CSRF tokens are bound to it). */
export interface WebSession {
  actor: Actor;
  token: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

// Writing last_seen_at on every page view would turn each read into a write; a minute's slack in the idle
// timeout is the price of not doing so.
const TOUCH_AFTER_SECONDS = 60;

/**
 * Server-side browser sessions (table web_sessions). The cookie holds 32 random bytes; the table holds their
 * SHA-256. The person is reloaded on every request, with their token generation, so deactivation, a role
 * change, a password change and "log out" all apply on the next request.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  /** Opens a session with a fresh id (never one the browser brought with it: no session fixation). */
  async open(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO web_sessions (token_hash, user_id, token_generation, expires_at)
       SELECT $1, u.id, u.token_generation, now() + make_interval(secs => $3) FROM users u WHERE u.id = $2`,
      [hashOf(token), userId, this.config.auth.session.maxSeconds],
    );
    return token;
  }

  /** The session a cookie value opens, if it is known, not idle too long, not past its end, and its user active. */
  async resolve(token: string | undefined): Promise<WebSession | undefined> {
    if (!token || token.length > 64) return undefined;
    const [row]: { user_id: string; token_generation: number }[] = await this.db.query(
      `WITH live AS (
         SELECT user_id, token_generation FROM web_sessions
          WHERE token_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
       ), touched AS (
         UPDATE web_sessions SET last_seen_at = now()
          WHERE token_hash = $1 AND last_seen_at < now() - make_interval(secs => $3) AND EXISTS (SELECT 1 FROM live)
       )
       SELECT user_id, token_generation FROM live`,
      [hashOf(token), this.config.auth.session.idleSeconds, TOUCH_AFTER_SECONDS],
    );
    if (!row) return undefined;
    const actor = await this.users.findTokenActor(row.user_id, row.token_generation);
    return actor && { actor, token };
  }

  async end(token: string): Promise<void> {
    await this.db.query(`DELETE FROM web_sessions WHERE token_hash = $1`, [hashOf(token)]);
  }

  /** Every session of a person (their password changed: the others must not linger until they expire). */
  async endAllOf(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM web_sessions WHERE user_id = $1`, [userId]);
  }

  /** Sessions that can open nothing any more: past either limit, or of an ended token generation. */
  async pruneExpired(): Promise<number> {
    const [, count]: [unknown, number] = await this.db.query(
      `DELETE FROM web_sessions s
        WHERE s.expires_at <= now() OR s.last_seen_at <= now() - make_interval(secs => $1)
           OR s.token_generation <> (SELECT u.token_generation FROM users u WHERE u.id = s.user_id)`,
      [this.config.auth.session.idleSeconds],
    );
    return count;
  }
}
