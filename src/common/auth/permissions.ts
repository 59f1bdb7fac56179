import { Role } from './roles';

/** What a route may require. Each route names exactly one with @RequirePermission, or is @Public. */
export enum Permission {
  /** Read one's own profile, change one's password, end one's session. */
  OwnAccount = 'own-account',
  UsersRead = 'users:read',
  UsersManage = 'users:manage',
  AuthEventsRead = 'auth-events:read',
  /** Start an assessment (its owner is the caller). */
  AssessmentsCreate = 'assessments:create',
  /** Read assessments within one's reach (AccessPolicy decides which). */
  AssessmentsRead = 'assessments:read',
  /** Change answers and submit; only one's own, only while editable (checked in the service). */
  AssessmentsEdit = 'assessments:edit',
  /** Confirm screening, complete the risk assessment, assign reviewers. */
  WorkflowScreen = 'workflow:screen',
  /** Send an assessment back to its owner for changes. */
  WorkflowRequestChanges = 'workflow:request-changes',
  WorkflowLegalClear = 'workflow:legal-clear',
  /** Clear one of machine v2's named reviews (which one is the role's: the machine's guards decide). */
  WorkflowReviewClear = 'workflow:review-clear',
  /** Approve (with or without conditions) or reject. */
  WorkflowDecide = 'workflow:decide',
  /** Reopen an approved assessment for a new review cycle. */
  WorkflowReassess = 'workflow:reassess',
  /** Adjust risk scores, manage measures and action items, rescore (privacy office). */
  RiskManage = 'risk:manage',
  /** Update or close action items (their owners; checked in the service). */
  ActionItemsUpdate = 'action-items:update',
  /** Comment on assessments within reach: open threads, reply, edit one's own comments, resolve one's own threads. */
  CommentsWrite = 'comments:write',
  /** Resolve or reopen anyone's comment thread (privacy office). */
  CommentsModerate = 'comments:moderate',
  /** Read decisions and their signed documents, within one's reach of the assessment. */
  DecisionsRead = 'decisions:read',
  /** Issue a corrected version of a decision document (privacy office). */
  DecisionsCorrect = 'decisions:correct',
  /** Export decisions and their evidence (JSONL, CSV, archival packages). */
  RecordsExport = 'records:export',
  /** Legal holds and dispositions. */
  RecordsManage = 'records:manage',
}

/** The one map from roles to permissions. Ownership and stage are checked in services (AccessPolicy). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.ProjectOwner]: [
    Permission.OwnAccount,
    Permission.AssessmentsCreate,
    Permission.AssessmentsRead,
    Permission.AssessmentsEdit,
    Permission.WorkflowReassess,
    Permission.ActionItemsUpdate,
    Permission.CommentsWrite,
    Permission.DecisionsRead,
  ],
  [Role.PrivacyOfficer]: [
    Permission.OwnAccount,
    Permission.AssessmentsRead,
    Permission.WorkflowScreen,
    Permission.WorkflowRequestChanges,
    Permission.WorkflowReviewClear,
    Permission.WorkflowReassess,
    Permission.RiskManage,
    Permission.ActionItemsUpdate,
    Permission.CommentsWrite,
    Permission.CommentsModerate,
    Permission.DecisionsRead,
    Permission.DecisionsCorrect,
  ],
  [Role.LegalCounsel]: [
    Permission.OwnAccount,
    Permission.AssessmentsRead,
    Permission.WorkflowRequestChanges,
    Permission.WorkflowLegalClear,
    Permission.WorkflowReviewClear,
    Permission.CommentsWrite,
    Permission.DecisionsRead,
  ],
  [Role.SecurityReviewer]: [
    Permission.OwnAccount,
    Permission.AssessmentsRead,
    Permission.WorkflowRequestChanges,
    Permission.WorkflowReviewClear,
    Permission.CommentsWrite,
    Permission.DecisionsRead,
  ],
  [Role.EquityReviewer]: [
    Permission.OwnAccount,
    Permission.AssessmentsRead,
    Permission.WorkflowRequestChanges,
    Permission.WorkflowReviewClear,
    Permission.CommentsWrite,
    Permission.DecisionsRead,
  ],
  [Role.Approver]: [
    Permission.OwnAccount,
    Permission.AssessmentsRead,
    Permission.WorkflowRequestChanges,
    Permission.WorkflowDecide,
    Permission.CommentsWrite,
    Permission.DecisionsRead,
  ],
  [Role.RecordsOfficer]: [
    Permission.OwnAccount,
    Permission.AssessmentsRead,
    Permission.DecisionsRead,
    Permission.RecordsExport,
    Permission.RecordsManage,
  ],
  [Role.Admin]: [
    Permission.OwnAccount,
    Permission.UsersRead,
    Permission.UsersManage,
    Permission.AuthEventsRead,
    Permission.RecordsExport,
  ],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
}

export function rolesGranting(permission: Permission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
