import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reviewers' queues (GET /review) read a stage ordered by its deadline, and the assessments assigned to a
 * person: one index for each, so a queue stays a short index read however many assessments the city holds.
 */
export class ReviewQueues1796026263000 implements MigrationInterface {
  name = 'ReviewQueues1796026263000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX assessments_state_deadline_idx ON assessments (state, stage_deadline_at, id)`);
    await db.query(
      `CREATE INDEX assessments_assignees_idx ON assessments USING gin ((snapshot -> 'context' -> 'assignees') jsonb_path_ops)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX assessments_assignees_idx, assessments_state_deadline_idx`);
  }
}
