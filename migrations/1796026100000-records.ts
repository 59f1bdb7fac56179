import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Records1796026100000 implements MigrationInterface {
  name = 'Records1796026100000';

  async up(db: QueryRunner): Promise<void> {
    // Retention: each decision's class and disposition date; a legal hold blocks disposition.
    await db.query(`
      ALTER TABLE decisions
        ADD COLUMN retention_class varchar(200),
        ADD COLUMN disposition_date date,
        ADD COLUMN legal_hold_reason text,
        ADD COLUMN legal_hold_since timestamptz,
        ADD COLUMN disposed_at timestamptz`);
    await db.query(
      `UPDATE decisions SET retention_class = 'unclassified (decided before retention was recorded)', disposition_date = (decided_at + interval '6 years')::date`,
    );
    await db.query(
      `ALTER TABLE decisions ALTER COLUMN retention_class SET NOT NULL, ALTER COLUMN disposition_date SET NOT NULL`,
    );
    await db.query(`CREATE INDEX decisions_due_idx ON decisions (disposition_date) WHERE disposed_at IS NULL`);
    await db.query(`CREATE INDEX decisions_decided_at_idx ON decisions (decided_at, id)`);

    // Documents stay immutable, except for the one audited act that destroys them: a disposition,
    // which names the decision it disposes of for its own transaction.
    await db.query(`
      CREATE OR REPLACE FUNCTION refuse_document_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('records.disposing', true) = OLD.decision_id::text THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'decision_documents is immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);

    // Archival packages: built by a job, resumable, downloaded as a zip.
    await db.query(`
      CREATE TABLE record_packages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        filter jsonb NOT NULL,
        -- A department-scoped records officer's package covers their department only.
        scope_department varchar(100),
        status varchar(16) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'building', 'ready', 'failed')),
        total integer,
        done integer NOT NULL DEFAULT 0,
        bytes bigint,
        sha256 char(64),
        error text,
        -- Beaten while a build runs: a 'building' package with a stale heartbeat was left by a crashed build.
        heartbeat_at timestamptz,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE record_packages`);
    await db.query(`
      CREATE OR REPLACE FUNCTION refuse_document_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'decision_documents is immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`DROP INDEX decisions_decided_at_idx, decisions_due_idx`);
    await db.query(
      `ALTER TABLE decisions DROP COLUMN retention_class, DROP COLUMN disposition_date, DROP COLUMN legal_hold_reason, DROP COLUMN legal_hold_since, DROP COLUMN disposed_at`,
    );
  }
}
