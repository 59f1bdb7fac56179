/** The stages of an assessment. The workflow machine moves between them; these lists group them. */
export const ASSESSMENT_STATES = [
  'draft',
  'screening',
  'risk_assessment',
  'legal_review',
  'review',
  'approval',
  'changes_requested',
  'approved',
  'rejected',
  'remediation',
  'closed_not_required',
  'withdrawn',
] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];

/** Where reviewers work. */
export const REVIEW_STATES: readonly AssessmentState[] = [
  'screening',
  'risk_assessment',
  'legal_review',
  'review',
  'approval',
  'changes_requested',
];
/** The review stages that have a deadline (changes_requested waits on the owner, who has none). */
export const TIMED_STAGES: readonly AssessmentState[] = [
  'screening',
  'risk_assessment',
  'legal_review',
  'review',
  'approval',
];
/** Where a decision has been made. */
export const DECIDED_STATES: readonly AssessmentState[] = [
  'approved',
  'rejected',
  'remediation',
  'closed_not_required',
];
/** Where the owner may change answers. */
export const EDITABLE_STATES: readonly AssessmentState[] = ['draft', 'changes_requested'];
