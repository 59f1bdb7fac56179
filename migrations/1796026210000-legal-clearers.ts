import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Machine v1 now lists every legal counsel who cleared a round of the current cycle, so none of them may
 * approve it. Snapshots stored before named only the latest clearer: the list is filled from the event
 * chain, counting the LEGAL_CLEAR events since the last REASSESS (where the cycle began).
 */
export class LegalClearers1796026210000 implements MigrationInterface {
  name = 'LegalClearers1796026210000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE assessments a
         SET snapshot = jsonb_set(snapshot, '{context,legalClearers}', coalesce((
               SELECT jsonb_agg(DISTINCT e.actor_id) FROM assessment_events e
                WHERE e.assessment_id = a.id AND e.type = 'LEGAL_CLEAR' AND e.actor_id IS NOT NULL
                  AND e.seq > coalesce((SELECT max(r.seq) FROM assessment_events r
                                         WHERE r.assessment_id = a.id AND r.type = 'REASSESS'), 0)), '[]'::jsonb))
       WHERE a.machine_version = 'v1' AND NOT (a.snapshot -> 'context' ? 'legalClearers')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE assessments SET snapshot = snapshot #- '{context,legalClearers}' WHERE machine_version = 'v1'`,
    );
  }
}
