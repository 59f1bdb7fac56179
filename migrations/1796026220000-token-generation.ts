import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-user generation carried in every access token: bumping it (password change, logout, a replayed
 * refresh token, deactivation) ends every access token of the user at once instead of at expiry.
 */
export class TokenGeneration1796026220000 implements MigrationInterface {
  name = 'TokenGeneration1796026220000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN token_generation integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN token_generation`);
  }
}
