import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Assessments1796025700000 implements MigrationInterface {
  name = 'Assessments1796025700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ref varchar(20) NOT NULL CONSTRAINT assessments_ref_key UNIQUE,
        title varchar(200) NOT NULL,
        department varchar(100) NOT NULL,
        owner_id uuid NOT NULL REFERENCES users (id),
        questionnaire_id varchar(64) NOT NULL,
        questionnaire_version integer NOT NULL,
        state varchar(32) NOT NULL,
        version integer NOT NULL DEFAULT 1,
        answers jsonb NOT NULL DEFAULT '{}',
        screening jsonb,
        submitted_at timestamptz,
        last_saved_by uuid REFERENCES users (id),
        last_saved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX assessments_owner_idx ON assessments (owner_id)`);
    await db.query(`CREATE INDEX assessments_state_idx ON assessments (state)`);
    await db.query(`CREATE INDEX assessments_department_idx ON assessments (department)`);
    await db.query(`CREATE INDEX assessments_updated_idx ON assessments (updated_at DESC)`);

    // The last number handed out per year, for refs such as PIA-2026-0042.
    await db.query(`CREATE TABLE assessment_ref_counters (year integer PRIMARY KEY, last integer NOT NULL)`);

    await db.query(`
      CREATE TABLE answer_revisions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        question_id varchar(64) NOT NULL,
        old_value jsonb,
        new_value jsonb,
        changed_by uuid NOT NULL REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT now(),
        assessment_version integer NOT NULL
      )`);
    await db.query(`CREATE INDEX answer_revisions_assessment_idx ON answer_revisions (assessment_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE answer_revisions, assessment_ref_counters, assessments`);
  }
}
