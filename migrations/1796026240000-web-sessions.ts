import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions, server-side. Only a hash of the cookie's value is stored, so a copy of the table opens no
 * session. The user's token generation is kept: a password change or "log out everywhere" ends every session.
 */
export class WebSessions1796026240000 implements MigrationInterface {
  name = 'WebSessions1796026240000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE web_sessions (
        token_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_generation integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX web_sessions_user_id ON web_sessions (user_id)`);
    await db.query(`CREATE INDEX web_sessions_expires_at ON web_sessions (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE web_sessions`);
  }
}
