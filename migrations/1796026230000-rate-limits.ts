import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Request counts per client and window for public routes that cost the service (verification uploads). */
export class RateLimits1796026230000 implements MigrationInterface {
  name = 'RateLimits1796026230000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rate_limits (
        bucket varchar(40) NOT NULL,
        key varchar(254) NOT NULL,
        window_started_at timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (bucket, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limits`);
  }
}
