import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comment threads on an assessment's questions (or on the assessment as a whole). Nothing here is ever deleted:
 * an edit keeps the earlier text in comment_revisions, and resolving or reopening a thread is a row of its own, so
 * "which threads were open when the decision was made" can be answered later. A comment notifies the people in its
 * thread: notifications now come from an outbox entry or from a comment.
 */
export class Comments1796026300000 implements MigrationInterface {
  name = 'Comments1796026300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE comment_threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id),
        -- null: about the assessment as a whole.
        question_id varchar(64),
        opened_by uuid NOT NULL REFERENCES users (id),
        -- Opened by REQUEST_CHANGES: the owner answers the question or replies before resubmitting.
        requested_change boolean NOT NULL DEFAULT false,
        source_event_id bigint REFERENCES assessment_events (id),
        -- The assessment's version when the thread was opened: an answer saved after it answers the thread.
        opened_at_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT comment_threads_requested CHECK (
          NOT requested_change OR (question_id IS NOT NULL AND source_event_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX comment_threads_assessment_idx ON comment_threads (assessment_id, created_at)`);
    await db.query(`
      CREATE TABLE comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES comment_threads (id),
        author_id uuid NOT NULL REFERENCES users (id),
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        edited_at timestamptz
      )`);
    await db.query(`CREATE INDEX comments_thread_idx ON comments (thread_id, created_at)`);
    await db.query(`
      CREATE TABLE comment_revisions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        comment_id uuid NOT NULL REFERENCES comments (id),
        -- The text as it was before an edit, and when that text was written.
        body text NOT NULL,
        written_at timestamptz NOT NULL,
        replaced_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX comment_revisions_comment_idx ON comment_revisions (comment_id, id)`);
    await db.query(`
      CREATE TABLE comment_resolutions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        thread_id uuid NOT NULL REFERENCES comment_threads (id),
        resolved boolean NOT NULL,
        by_id uuid NOT NULL REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX comment_resolutions_thread_idx ON comment_resolutions (thread_id, id)`);

    await db.query(`
      CREATE FUNCTION refuse_comment_removal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'comments are never deleted: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['comment_threads', 'comments', 'comment_revisions', 'comment_resolutions']) {
      await db.query(
        `CREATE TRIGGER ${table}_kept BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_comment_removal()`,
      );
      await db.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_comment_removal()`,
      );
    }

    await db.query(`
      ALTER TABLE notifications
        ALTER COLUMN outbox_id DROP NOT NULL,
        ADD COLUMN comment_id uuid REFERENCES comments (id),
        ADD CONSTRAINT notifications_comment_once UNIQUE (comment_id, user_id),
        ADD CONSTRAINT notifications_one_source CHECK ((outbox_id IS NULL) <> (comment_id IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notifications WHERE comment_id IS NOT NULL`);
    await db.query(`
      ALTER TABLE notifications
        DROP CONSTRAINT notifications_one_source,
        DROP CONSTRAINT notifications_comment_once,
        DROP COLUMN comment_id,
        ALTER COLUMN outbox_id SET NOT NULL`);
    await db.query(`DROP TABLE comment_resolutions, comment_revisions, comments, comment_threads`);
    await db.query(`DROP FUNCTION refuse_comment_removal()`);
  }
}
