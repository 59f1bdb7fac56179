import { AppConfig } from '../../config/app-config';
import { AccessPolicy, type AssessmentScope } from './access-policy';
import type { Actor } from './actor';
import { Role } from './roles';

const configWith = (departmentScopedRoles: Role[]) => ({ access: { departmentScopedRoles } }) as unknown as AppConfig;
const actor = (roles: Role[], department: string | null = 'Parks', id = 'me'): Actor => ({
  id,
  email: `${id}@x.gov`,
  displayName: id,
  department,
  roles,
});
const assessment = (state: string, ownerId = 'someone', department = 'Parks'): AssessmentScope => ({
  ownerId,
  state,
  department,
});

describe('AccessPolicy', () => {
  const policy = new AccessPolicy(configWith([]));

  it('lets an owner reach only their own assessments, in any state', () => {
    const owner = actor([Role.ProjectOwner]);
    expect(policy.canSee(owner, assessment('draft', 'me'))).toBe(true);
    expect(policy.canSee(owner, assessment('approved', 'me'))).toBe(true);
    expect(policy.canSee(owner, assessment('draft', 'someone'))).toBe(false);
  });

  it('lets reviewers reach assessments in review (and decided ones), never drafts', () => {
    for (const role of [Role.PrivacyOfficer, Role.LegalCounsel, Role.Approver]) {
      expect(policy.canSee(actor([role]), assessment('legal_review'))).toBe(true);
      expect(policy.canSee(actor([role]), assessment('approved'))).toBe(true);
      expect(policy.canSee(actor([role]), assessment('draft'))).toBe(false);
      expect(policy.canSee(actor([role]), assessment('withdrawn'))).toBe(false);
    }
  });

  it('lets records officers reach decided assessments only', () => {
    const records = actor([Role.RecordsOfficer]);
    expect(policy.canSee(records, assessment('rejected'))).toBe(true);
    expect(policy.canSee(records, assessment('closed_not_required'))).toBe(true);
    expect(policy.canSee(records, assessment('approval'))).toBe(false);
  });

  it('gives admins (IT) no reach into assessments', () => {
    expect(policy.canSee(actor([Role.Admin]), assessment('approved'))).toBe(false);
  });

  it('adds the reach of each role a user holds', () => {
    const both = actor([Role.ProjectOwner, Role.RecordsOfficer]);
    expect(policy.canSee(both, assessment('draft', 'me'))).toBe(true);
    expect(policy.canSee(both, assessment('approved'))).toBe(true);
    expect(policy.canSee(both, assessment('draft'))).toBe(false);
  });

  it('restricts a department-scoped role to its department, and a user without one to nothing', () => {
    const scoped = new AccessPolicy(configWith([Role.PrivacyOfficer]));
    expect(scoped.canSee(actor([Role.PrivacyOfficer], 'Parks'), assessment('screening', 'x', 'Parks'))).toBe(true);
    expect(scoped.canSee(actor([Role.PrivacyOfficer], 'Parks'), assessment('screening', 'x', 'Police'))).toBe(false);
    expect(scoped.canSee(actor([Role.PrivacyOfficer], null), assessment('screening', 'x', 'Parks'))).toBe(false);
    // other roles are unaffected
    expect(scoped.canSee(actor([Role.Approver], 'Parks'), assessment('screening', 'x', 'Police'))).toBe(true);
  });

  it('builds the same rules as a SQL condition for lists', () => {
    const scoped = new AccessPolicy(configWith([Role.RecordsOfficer]));
    const { sql, params } = scoped.condition(actor([Role.ProjectOwner, Role.RecordsOfficer]), 'a');
    expect(sql).toBe(
      '((a.owner_id = :scopeActorId) OR (a.state IN (:...scopeStates1) AND a.department = :scopeDepartment))',
    );
    expect(params).toMatchObject({
      scopeActorId: 'me',
      scopeDepartment: 'Parks',
      scopeStates1: ['approved', 'rejected', 'remediation', 'closed_not_required'],
    });
    expect(policy.condition(actor([Role.Admin]), 'a').sql).toBe('FALSE');
  });
});
