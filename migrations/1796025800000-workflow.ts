import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Workflow1796025800000 implements MigrationInterface {
  name = 'Workflow1796025800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE assessments
        ADD COLUMN machine_version varchar(16) NOT NULL DEFAULT 'v1',
        ADD COLUMN snapshot jsonb,
        ADD COLUMN stage_deadline_at timestamptz`);
    // Rows made before the workflow existed get the persisted form of machine v1 in their state.
    await db.query(`
      UPDATE assessments SET snapshot = jsonb_build_object(
        'status', CASE WHEN state IN ('rejected', 'withdrawn', 'closed_not_required') THEN 'done' ELSE 'active' END,
        'value', state,
        'context', jsonb_build_object('ownerId', owner_id, 'cycle', 1, 'assignees', '{}'::jsonb, 'screeningOutcome', NULL,
                                      'legalClearedBy', NULL, 'overdueCount', 0, 'escalated', false),
        'children', '{}'::jsonb, 'historyValue', '{}'::jsonb)`);
    await db.query(
      `ALTER TABLE assessments ALTER COLUMN snapshot SET NOT NULL, ALTER COLUMN machine_version DROP DEFAULT`,
    );
    await db.query(
      `CREATE INDEX assessments_deadline_idx ON assessments (stage_deadline_at) WHERE stage_deadline_at IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE assessment_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        seq integer NOT NULL,
        type varchar(40) NOT NULL,
        from_state varchar(32),
        to_state varchar(32) NOT NULL,
        payload jsonb NOT NULL,
        actor_id uuid REFERENCES users (id),
        machine_version varchar(16) NOT NULL,
        at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT assessment_events_seq_key UNIQUE (assessment_id, seq)
      )`);
    await db.query(`
      CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'assessment_events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(
      `CREATE TRIGGER assessment_events_append_only BEFORE UPDATE OR DELETE ON assessment_events FOR EACH ROW EXECUTE FUNCTION refuse_event_change()`,
    );
    await db.query(
      `CREATE TRIGGER assessment_events_no_truncate BEFORE TRUNCATE ON assessment_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change()`,
    );

    // Side effects asked for by transitions, written in the same transaction and relayed to pg-boss.
    await db.query(`
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        event_id bigint NOT NULL REFERENCES assessment_events (id),
        action varchar(40) NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL`);

    await db.query(`
      CREATE TABLE notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        outbox_id bigint NOT NULL REFERENCES outbox (id),
        reason varchar(40) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT notifications_once UNIQUE (outbox_id, user_id)
      )`);
    await db.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications, outbox, assessment_events`);
    await db.query(`DROP FUNCTION refuse_event_change()`);
    await db.query(
      `ALTER TABLE assessments DROP COLUMN machine_version, DROP COLUMN snapshot, DROP COLUMN stage_deadline_at`,
    );
  }
}
