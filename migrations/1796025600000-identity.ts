import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1796025600000 implements MigrationInterface {
  name = 'Identity1796025600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL CONSTRAINT users_email_lower CHECK (email = lower(email)),
        display_name varchar(200) NOT NULL,
        department varchar(100),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await db.query(`
      CREATE TABLE user_roles (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role varchar(32) NOT NULL CONSTRAINT user_roles_role_known CHECK (role IN
          ('project_owner', 'privacy_officer', 'legal_counsel', 'approver', 'records_officer', 'admin')),
        granted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, role)
      )`);
    await db.query(`CREATE INDEX user_roles_role_idx ON user_roles (role)`);

    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL CONSTRAINT refresh_tokens_hash_key UNIQUE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        revoked_reason varchar(40),
        created_ip varchar(64)
      )`);
    await db.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await db.query(`CREATE INDEX refresh_tokens_live_by_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL`);

    await db.query(`
      CREATE TABLE auth_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        type varchar(40) NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        email varchar(254),
        ip varchar(64),
        at timestamptz NOT NULL DEFAULT now(),
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX auth_events_user_at_idx ON auth_events (user_id, at DESC)`);
    await db.query(`CREATE INDEX auth_events_at_idx ON auth_events (at DESC)`);

    // Failed-login counters, per account (the e-mail given, known or not) and per client IP.
    await db.query(`
      CREATE TABLE login_throttles (
        scope varchar(10) NOT NULL CONSTRAINT login_throttles_scope_known CHECK (scope IN ('account', 'ip')),
        key varchar(254) NOT NULL,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        locked_until timestamptz,
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE login_throttles, auth_events, refresh_tokens, user_roles, users`);
  }
}
