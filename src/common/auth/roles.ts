/** The roles of DOMAIN.md. A user may hold several. */
export enum Role {
  ProjectOwner = 'project_owner',
  PrivacyOfficer = 'privacy_officer',
  LegalCounsel = 'legal_counsel',
  Approver = 'approver',
  /** Clears machine v2's security review. */
  SecurityReviewer = 'security_reviewer',
  /** Clears machine v2's equity review (the Racial Equity Toolkit review a surveillance impact report requires). */
  EquityReviewer = 'equity_reviewer',
  RecordsOfficer = 'records_officer',
  Admin = 'admin',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);
