import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The records list counts its decisions with every page (100,000 and more): a decision counts unless its
 * assessment is not decided (reassessed, back in review), and those few are found in this partial index instead of
 * joining every decision to its assessment. Its predicate names the decided states (DECIDED_STATES).
 */
export class RecordsList1796026270000 implements MigrationInterface {
  name = 'RecordsList1796026270000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX assessments_undecided_idx ON assessments (id) WHERE state NOT IN ('approved', 'rejected', 'remediation', 'closed_not_required')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX assessments_undecided_idx`);
  }
}
