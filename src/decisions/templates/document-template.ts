import type { Disclosure } from '../../assessments/questionnaire/questionnaire.types';
import type { DecisionOutcome } from '../record/decision-record';
import type { ReviewName } from '../../workflow/assessment-machine.types';

/** templates/documents/<id>.v<n>.json: what a decision document says beyond the data, beside its <id>.v<n>.hbs. */
export interface DocumentTemplateDefinition {
  id: string;
  version: number;
  title: string;
  /** Outcome wording of released version 1; later versions take the labels of src/common/labels.ts. */
  outcomes?: Record<DecisionOutcome, string>;
  /** What the deciding signature means, per outcome, in the signer's words (version 2 on). */
  signature?: Record<DecisionOutcome, string>;
  /** Which workflow events are sign-offs, in what role, and what the signature means. */
  signOffs: Record<string, { role: string; meaning: string }>;
  /** Workflow v2: what clearing each named review means, and in what role (version 3 on). */
  reviewSignOffs?: Record<ReviewName, { role: string; meaning: string }>;
  /** Disclosure of the parts that do not come from the questionnaire (answers carry their own). */
  disclosure: Record<'reasons' | 'risks' | 'measures' | 'legalFindings' | 'conditions', Disclosure>;
}

/** A definition with its compiled layout. */
export interface DocumentTemplate extends DocumentTemplateDefinition {
  render(view: object): string;
}
