import { Permission } from '../common/auth/permissions';
import type { UserEventType } from './dto/workflow-event.dto';

/** The permission each event needs (step 4 of the transition path); the machine's guards then decide who and when. */
export const EVENT_PERMISSIONS: Record<UserEventType, Permission> = {
  SUBMIT: Permission.AssessmentsEdit,
  RESUBMIT: Permission.AssessmentsEdit,
  WITHDRAW: Permission.AssessmentsEdit,
  REASSESS: Permission.WorkflowReassess,
  CONFIRM_SCREENING: Permission.WorkflowScreen,
  COMPLETE_RISK_ASSESSMENT: Permission.WorkflowScreen,
  ASSIGN: Permission.WorkflowScreen,
  REQUEST_CHANGES: Permission.WorkflowRequestChanges,
  LEGAL_CLEAR: Permission.WorkflowLegalClear,
  CLEAR_REVIEW: Permission.WorkflowReviewClear,
  APPROVE: Permission.WorkflowDecide,
  REJECT: Permission.WorkflowDecide,
};

/** Events that are signatures: the signer re-enters their password, and the decision document says so. */
export const SIGNED_EVENTS: ReadonlySet<string> = new Set<UserEventType>(['APPROVE', 'REJECT']);
