/** The roles of DOMAIN.md. A user may hold several. */
export enum Role {
  ProjectOwner = 'project_owner',
  PrivacyOfficer = 'privacy_officer',
  LegalCounsel = 'legal_counsel',
  Approver = 'approver',
  RecordsOfficer = 'records_officer',
  Admin = 'admin',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);
