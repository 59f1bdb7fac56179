import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Decisions1796026000000 implements MigrationInterface {
  name = 'Decisions1796026000000';

  async up(db: QueryRunner): Promise<void> {
    // Public halves only: private keys live in files (or a secret store), never in the database.
    await db.query(`
      CREATE TABLE signing_keys (
        kid varchar(64) PRIMARY KEY,
        purpose varchar(16) NOT NULL CHECK (purpose IN ('manifest', 'document')),
        public_jwk jsonb NOT NULL,
        development boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);

    // A decision is recorded in the transition that makes it; its documents follow from the outbox.
    await db.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        event_id bigint NOT NULL UNIQUE REFERENCES assessment_events (id),
        cycle integer NOT NULL,
        outcome varchar(32) NOT NULL CHECK (outcome IN ('approved', 'remediation', 'rejected', 'closed_not_required')),
        reasons text,
        decided_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users (id),
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'issued', 'failed')),
        -- The document version last asked for: 1, then one more for each correction.
        requested_version integer NOT NULL DEFAULT 1,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX decisions_assessment_idx ON decisions (assessment_id, decided_at DESC)`);

    // Immutable: a correction is a new version that names the one it supersedes.
    await db.query(`
      CREATE TABLE decision_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id uuid NOT NULL REFERENCES decisions (id),
        version integer NOT NULL,
        supersedes_id uuid REFERENCES decision_documents (id),
        correction_reason text,
        template_id varchar(64) NOT NULL,
        template_version integer NOT NULL,
        pdf bytea NOT NULL,
        pdf_sha256 char(64) NOT NULL,
        html text NOT NULL,
        html_sha256 char(64) NOT NULL,
        manifest_jws text NOT NULL,
        manifest_kid varchar(64) NOT NULL REFERENCES signing_keys (kid),
        certificate_kid varchar(64) NOT NULL REFERENCES signing_keys (kid),
        last_event_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT decision_documents_version_key UNIQUE (decision_id, version)
      )`);
    await db.query(`CREATE INDEX decision_documents_pdf_sha256_idx ON decision_documents (pdf_sha256)`);
    await db.query(`
      CREATE FUNCTION refuse_document_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'decision_documents is immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(
      `CREATE TRIGGER decision_documents_immutable BEFORE UPDATE OR DELETE ON decision_documents FOR EACH ROW EXECUTE FUNCTION refuse_document_change()`,
    );
    await db.query(
      `CREATE TRIGGER decision_documents_no_truncate BEFORE TRUNCATE ON decision_documents FOR EACH STATEMENT EXECUTE FUNCTION refuse_document_change()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE decision_documents, decisions, signing_keys`);
    await db.query(`DROP FUNCTION refuse_document_change()`);
  }
}
