import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Machine v2's named reviews bring two roles: security reviewers and equity reviewers. */
export class NamedReviewers1796026310000 implements MigrationInterface {
  name = 'NamedReviewers1796026310000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_known`);
    await db.query(
      `ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_known CHECK (role IN
        ('project_owner', 'privacy_officer', 'legal_counsel', 'approver', 'security_reviewer', 'equity_reviewer',
         'records_officer', 'admin'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM user_roles WHERE role IN ('security_reviewer', 'equity_reviewer')`);
    await db.query(`ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_known`);
    await db.query(
      `ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_known CHECK (role IN
        ('project_owner', 'privacy_officer', 'legal_counsel', 'approver', 'records_officer', 'admin'))`,
    );
  }
}
