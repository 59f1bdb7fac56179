/** A questionnaire template, as written in templates/questionnaires/*.json and checked at boot. */
export interface QuestionnaireTemplate {
  id: string;
  version: number;
  title: string;
  description?: string;
  sections: Section[];
  screening: ScreeningRules;
}

export interface Section {
  id: string;
  title: string;
  description?: string;
  questions: Question[];
}

export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'yes_no',
  'number',
  'date',
  'scale',
  'group',
  'data_inventory',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Option {
  value: string;
  label: string;
}

export type DisclosureLevel = 'public' | 'internal' | 'exempt';
export interface Disclosure {
  level: DisclosureLevel;
  /** The exemption relied on; required when level is exempt (e.g. "RCW 42.56.420(4)"). */
  exemption?: string;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: string;
  help?: string;
  required?: boolean;
  requiredWhen?: Condition;
  visibleWhen?: Condition;
  options?: Option[];
  /** number: bounds; text: maxLength; multiple_choice and group: item counts. */
  min?: number;
  max?: number;
  integer?: boolean;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  /** group: the fields of each item (no nested groups). */
  questions?: Question[];
  /** Sub-questions of a group inherit their group's. */
  disclosure?: Disclosure;
}

export type Scalar = string | number | boolean;

/** Whether a question is shown or required, from answers given earlier in the template. */
export type Condition =
  | { question: string; equals: Scalar }
  | { question: string; in: Scalar[] }
  | { question: string; includes: string }
  | { question: string; includesAny: string[] }
  | { question: string; answered: boolean }
  | { question: string; gte: number }
  | { question: string; lte: number }
  /**
   * The data inventory holds an element of this category, of any sensitive one ("sensitive"), going to
   * a recipient ("recipient:third_party") or kept indefinitely ("retention:indefinite").
   */
  | { inventoryHas: string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** WP248 rev.01's nine criteria. */
export const WP248_CRITERIA = [
  'evaluation_or_scoring',
  'automated_decision',
  'systematic_monitoring',
  'sensitive_data',
  'large_scale',
  'matching_datasets',
  'vulnerable_subjects',
  'innovative_technology',
  'prevents_rights',
] as const;
export type Wp248Criterion = (typeof WP248_CRITERIA)[number];

/** How the template's answers map to screening: each criterion is met when any of its conditions holds. */
export interface ScreeningRules {
  criteria: Record<Wp248Criterion, Condition[]>;
  surveillance: Condition[];
  /** The multiple-choice question listing sensitive categories, besides the inventory. */
  sensitiveCategoriesQuestion?: string;
  /** Criteria met at or above which a full PIA is proposed (WP248: generally two). */
  piaThreshold: number;
}
