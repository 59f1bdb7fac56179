import { Role } from './auth/roles';
import { AuthEventType } from '../identity/entities/auth-event.entity';
import type { DataElement } from '../assessments/inventory/data-element';
import type { Wp248Criterion } from '../assessments/questionnaire/questionnaire.types';
import type { DecisionOutcome } from '../decisions/record/decision-record';
import type { ScreeningOutcome } from '../workflow/assessment-machine.types';

/**
 * Every word people read for a code the engine stores: the register, the decision documents and the
 * pages take their labels from here, so a code never reaches a reader and one thing has one name.
 */

export const ROLE_LABELS: Record<Role, string> = {
  [Role.ProjectOwner]: 'Project owner',
  [Role.PrivacyOfficer]: 'Privacy officer',
  [Role.LegalCounsel]: 'Legal counsel',
  [Role.Approver]: 'Approver',
  [Role.SecurityReviewer]: 'Security reviewer',
  [Role.EquityReviewer]: 'Equity reviewer',
  [Role.RecordsOfficer]: 'Records officer',
  [Role.Admin]: 'Administrator',
};

/** A decision's outcome. Stored once and never changed: "remediation" is the stage that followed, not the decision. */
export const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  approved: 'Approved',
  remediation: 'Approved with conditions',
  rejected: 'Rejected',
  closed_not_required: 'Closed: no full privacy impact assessment required',
};

/**
 * What an event in an assessment's chain did, as a timeline reads it after the person's name ("Dana Okafor
 * submitted it for review"). Types the engine adds later read in words through `label.event`.
 */
const EVENT_LABELS: Record<string, string> = {
  CREATED: 'started the assessment',
  SUBMIT: 'submitted it for review',
  RESUBMIT: 'resubmitted it with changes',
  WITHDRAW: 'withdrew it',
  CONFIRM_SCREENING: 'confirmed the screening',
  REQUEST_CHANGES: 'asked for changes',
  COMPLETE_RISK_ASSESSMENT: 'completed the risk assessment',
  ASSIGN: 'assigned a reviewer',
  LEGAL_CLEAR: 'cleared the legal review',
  CLEAR_REVIEW: 'cleared a review',
  APPROVE: 'approved it',
  REJECT: 'rejected it',
  REASSESS: 'reopened it for reassessment',
  DEADLINE_PASSED: 'noted that the stage’s deadline passed',
  CONDITIONS_MET: 'recorded that every condition is met',
  DOCUMENT_CORRECTION: 'asked for a corrected decision document',
  RISK_RESCORED: 'rescored the risks',
  LEGAL_HOLD_PLACED: 'placed a legal hold on the decision',
  LEGAL_HOLD_RELEASED: 'released the legal hold on the decision',
  DISPOSED: 'disposed of the decision’s documents',
};

/** What a person may do now, as the button or link that does it says. */
const EVENT_ACTION_LABELS: Record<string, string> = {
  SUBMIT: 'Submit for review',
  RESUBMIT: 'Resubmit',
  WITHDRAW: 'Withdraw',
  REASSESS: 'Start a reassessment',
  CONFIRM_SCREENING: 'Confirm the screening',
  REQUEST_CHANGES: 'Ask for changes',
  COMPLETE_RISK_ASSESSMENT: 'Complete the risk assessment',
  ASSIGN: 'Assign a reviewer',
  LEGAL_CLEAR: 'Clear the legal review',
  CLEAR_REVIEW: 'Clear the review',
  APPROVE: 'Approve',
  REJECT: 'Reject',
};

export const ACTION_ITEM_STATUS_LABELS: Record<'open' | 'done', string> = { open: 'Open', done: 'Done' };

export const SCREENING_OUTCOME_LABELS: Record<ScreeningOutcome, string> = {
  not_required: 'No full privacy impact assessment required',
  pia: 'Full privacy impact assessment',
  sir: 'Surveillance impact report',
};

export const WP248_CRITERION_LABELS: Record<Wp248Criterion, string> = {
  evaluation_or_scoring: 'evaluation or scoring',
  automated_decision: 'automated decisions with legal or similar effect',
  systematic_monitoring: 'systematic monitoring',
  sensitive_data: 'sensitive or highly personal data',
  large_scale: 'large scale',
  matching_datasets: 'matching or combining datasets',
  vulnerable_subjects: 'vulnerable data subjects',
  innovative_technology: 'innovative technology',
  prevents_rights: 'prevents exercising a right or using a service',
};

/** An assessment's stage, as its owner and reviewers read it. */
const STAGE_LABELS: Record<string, string> = {
  draft: 'Draft',
  screening: 'Screening',
  risk_assessment: 'Risk assessment',
  legal_review: 'Legal review',
  review: 'In review',
  approval: 'Awaiting decision',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  rejected: 'Rejected',
  remediation: 'Approved with conditions',
  closed_not_required: 'Closed: no full assessment required',
  withdrawn: 'Withdrawn',
};

/** Why a person was notified (the workflow's notify actions). */
const NOTIFICATION_REASON_LABELS: Record<string, string> = {
  assigned: 'You were assigned to review it',
  deadline_passed: 'Its review deadline passed',
  escalated: 'It was escalated after a missed deadline',
  submitted: 'It was submitted for review',
  resubmitted: 'It was resubmitted after changes',
  closed_not_required: 'It was closed: no full assessment is required',
  changes_requested: 'Changes were requested',
  comment: 'Someone wrote in a comment thread you are in',
  legal_review: 'It is ready for legal review',
  privacy_review: 'It is ready for the privacy review',
  security_review: 'It is ready for the security review',
  equity_review: 'It is ready for the equity review',
  approval: 'It is ready for a decision',
  approved: 'It was approved',
  approved_with_conditions: 'It was approved with conditions',
  rejected: 'It was rejected',
  conditions_met: 'All its conditions were met',
  reassessment: 'It was reopened for reassessment',
};

/** Risk categories of the shipped risk models; a model may bring others, shown by `label()` in words. */
const RISK_CATEGORY_LABELS: Record<string, string> = {
  cnil_feared_event: 'Feared event (CNIL)',
  nist_problematic_data_action: 'Problematic data action (NIST)',
};

const RISK_TREATMENT_LABELS: Record<string, string> = {
  reduced: 'Reduced',
  accepted: 'Accepted',
  eliminated: 'Eliminated',
  transferred: 'Transferred',
};

const RISK_LEVEL_LABELS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

const MEASURE_STATUS_LABELS: Record<string, string> = { planned: 'Planned', in_progress: 'In progress', done: 'Done' };

const INVENTORY_LABELS: {
  [K in 'category' | 'sensitivity' | 'source' | 'recipients' | 'legalBasis']: Record<
    DataElement[K] extends readonly (infer V)[] ? V & string : DataElement[K] & string,
    string
  >;
} = {
  category: {
    identifiers: 'Identifiers',
    contact: 'Contact details',
    government_id: 'Government identifiers',
    financial: 'Financial',
    health: 'Health',
    biometric: 'Biometric',
    location: 'Location',
    images_video: 'Images and video',
    device_online: 'Device and online identifiers',
    criminal_justice: 'Criminal justice',
    immigration_status: 'Immigration status',
    children: "Children's data",
    demographic: 'Demographic',
    employment: 'Employment',
    education: 'Education',
    other: 'Other',
  },
  sensitivity: { low: 'Low', moderate: 'Moderate', high: 'High' },
  source: {
    data_subject: 'The person themselves',
    city_system: 'A city system',
    other_agency: 'Another agency',
    third_party: 'A third party',
    public_source: 'A public source',
    sensor_or_device: 'A sensor or device',
  },
  recipients: { internal: 'City staff', third_party: 'Third parties', public: 'The public' },
  legalBasis: {
    ordinance_or_statute: 'Ordinance or statute',
    consent: 'Consent',
    contract: 'Contract',
    public_task: 'Public task',
    court_order: 'Court order',
    other: 'Other',
  },
};

/** A code no list names, in words: better than an underscore, and never an error in a document. */
const words = (code: string) => {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** A list's own label only: a code from a request ("constructor") must not find Object's members. */
const own = (labels: Record<string, string>, code: string): string | undefined =>
  Object.hasOwn(labels, code) ? labels[code] : undefined;

export const label = {
  stage: (code: string) => own(STAGE_LABELS, code) ?? words(code),
  notificationReason: (code: string) => own(NOTIFICATION_REASON_LABELS, code) ?? words(code),
  riskCategory: (code: string) => own(RISK_CATEGORY_LABELS, code) ?? words(code),
  treatment: (code: string | null) => (code ? (own(RISK_TREATMENT_LABELS, code) ?? words(code)) : 'Not treated yet'),
  riskLevel: (code: string) => own(RISK_LEVEL_LABELS, code) ?? words(code),
  measureStatus: (code: string) => own(MEASURE_STATUS_LABELS, code) ?? words(code),
  event: (type: string) => own(EVENT_LABELS, type) ?? words(type).toLowerCase(),
  eventAction: (type: string) => own(EVENT_ACTION_LABELS, type) ?? words(type),
  inventory: (field: keyof typeof INVENTORY_LABELS, code: string) =>
    own(INVENTORY_LABELS[field] as Record<string, string>, code) ?? words(code),
};

/** "1 decision", "2 decisions": a count with its noun in the right number. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** What happened, in the sign-in log's words. */
export const AUTH_EVENT_LABELS: Record<AuthEventType, string> = {
  [AuthEventType.LoginSucceeded]: 'Signed in',
  [AuthEventType.LoginFailed]: 'Sign-in failed',
  [AuthEventType.LockedOut]: 'Locked out after failed sign-ins',
  [AuthEventType.Logout]: 'Signed out',
  [AuthEventType.RefreshReused]: 'A used refresh token was presented again (its family was ended)',
  [AuthEventType.ReauthSucceeded]: 'Confirmed their password',
  [AuthEventType.ReauthFailed]: 'Failed to confirm their password',
  [AuthEventType.PasswordChanged]: 'Password changed',
  [AuthEventType.UserCreated]: 'Account created',
  [AuthEventType.RolesChanged]: 'Roles changed',
  [AuthEventType.UserDeactivated]: 'Account deactivated',
  [AuthEventType.UserReactivated]: 'Account reactivated',
};
