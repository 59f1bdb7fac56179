import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Risk1796025900000 implements MigrationInterface {
  name = 'Risk1796025900000';

  async up(db: QueryRunner): Promise<void> {
    // The model an assessment was scored with, and what scoring found (factors, legal flags).
    await db.query(`
      ALTER TABLE assessments
        ADD COLUMN risk_model_id varchar(64),
        ADD COLUMN risk_model_version integer,
        ADD COLUMN risk_findings jsonb`);

    await db.query(`
      CREATE TABLE risks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        model_risk_id varchar(64) NOT NULL,
        label varchar(300) NOT NULL,
        category varchar(64) NOT NULL,
        computed jsonb NOT NULL,
        inherent jsonb NOT NULL,
        residual jsonb,
        target jsonb,
        treatment varchar(16) CONSTRAINT risks_treatment_known CHECK (treatment IN ('reduced', 'accepted', 'eliminated', 'transferred')),
        owner_id uuid REFERENCES users (id),
        due_date date,
        status varchar(16) NOT NULL DEFAULT 'open' CONSTRAINT risks_status_known CHECK (status IN ('open', 'treated', 'closed', 'retired')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT risks_once_per_assessment UNIQUE (assessment_id, model_risk_id)
      )`);

    // Every change of a score, with its justification: kept, never edited.
    await db.query(`
      CREATE TABLE risk_adjustments (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        risk_id uuid NOT NULL REFERENCES risks (id),
        kind varchar(16) NOT NULL CONSTRAINT risk_adjustments_kind_known CHECK (kind IN ('inherent', 'residual', 'target', 'treatment', 'rescored')),
        before jsonb,
        after jsonb,
        justifications jsonb NOT NULL DEFAULT '{}',
        actor_id uuid NOT NULL REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX risk_adjustments_risk_idx ON risk_adjustments (risk_id, id)`);

    await db.query(`
      CREATE TABLE measures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        title varchar(300) NOT NULL,
        description text,
        owner_id uuid REFERENCES users (id),
        due_date date,
        status varchar(16) NOT NULL DEFAULT 'planned' CONSTRAINT measures_status_known CHECK (status IN ('planned', 'in_progress', 'done')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX measures_assessment_idx ON measures (assessment_id)`);
    await db.query(`
      CREATE TABLE measure_risks (
        measure_id uuid NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
        risk_id uuid NOT NULL REFERENCES risks (id),
        PRIMARY KEY (measure_id, risk_id)
      )`);

    await db.query(`
      CREATE TABLE action_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        source varchar(16) NOT NULL CONSTRAINT action_items_source_known CHECK (source IN ('condition', 'manual')),
        source_event_id bigint REFERENCES assessment_events (id),
        source_index integer,
        text text NOT NULL,
        owner_id uuid REFERENCES users (id),
        due_date date,
        status varchar(8) NOT NULL DEFAULT 'open' CONSTRAINT action_items_status_known CHECK (status IN ('open', 'done')),
        evidence text,
        closed_by uuid REFERENCES users (id),
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT action_items_once_per_condition UNIQUE (source_event_id, source_index),
        CONSTRAINT action_items_done_has_evidence CHECK (status = 'open' OR (evidence IS NOT NULL AND closed_by IS NOT NULL AND closed_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX action_items_assessment_idx ON action_items (assessment_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE action_items, measure_risks, measures, risk_adjustments, risks`);
    await db.query(
      `ALTER TABLE assessments DROP COLUMN risk_model_id, DROP COLUMN risk_model_version, DROP COLUMN risk_findings`,
    );
  }
}
