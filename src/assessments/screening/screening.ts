import { WP248_CRITERION_LABELS } from '../../common/labels';
import { SENSITIVE_CATEGORIES } from '../inventory/data-element';
import { type Trigger, triggersOf as conditionTriggers } from '../questionnaire/conditions';
import type { QuestionnaireState } from '../questionnaire/questionnaire-state';
import { type Condition, WP248_CRITERIA, type Wp248Criterion } from '../questionnaire/questionnaire.types';

export type { Trigger };

function triggersOf(condition: Condition, state: QuestionnaireState): Trigger[] {
  const inventoryQuestion = [...state.questions.values()].find((q) => q.question.type === 'data_inventory')?.question
    .id;
  return conditionTriggers(condition, { answers: state.answers, inventory: state.inventory }, inventoryQuestion);
}

export type ScreeningOutcome = 'not_required' | 'pia' | 'sir';

export interface ScreeningResult {
  questionnaire: { id: string; version: number };
  criteria: { criterion: Wp248Criterion; met: boolean; triggeredBy: Trigger[] }[];
  criteriaMet: number;
  sensitiveCategories: { category: string; sources: string[] }[];
  surveillance: { flagged: boolean; triggeredBy: Trigger[] };
  proposedOutcome: ScreeningOutcome;
  rationale: string;
}

/**
 * Threshold analysis (ISO/IEC 29134 6.2) from the answers: which WP248 rev.01 criteria are met and
 * why, the sensitive categories, the surveillance flag, and a proposed outcome for the privacy officer
 * to confirm or override.
 */
export function screen(state: QuestionnaireState): ScreeningResult {
  const rules = state.template.screening;
  const criteria = WP248_CRITERIA.map((criterion) => {
    const triggeredBy = rules.criteria[criterion].flatMap((c) => triggersOf(c, state));
    return { criterion, met: triggeredBy.length > 0, triggeredBy };
  });
  const met = criteria.filter((c) => c.met);
  const surveillanceTriggers = rules.surveillance.flatMap((c) => triggersOf(c, state));

  const sources = new Map<string, Set<string>>();
  const note = (category: string, source: string) =>
    sources.set(category, (sources.get(category) ?? new Set()).add(source));
  const declared = rules.sensitiveCategoriesQuestion ? state.answers[rules.sensitiveCategoriesQuestion] : undefined;
  if (Array.isArray(declared)) for (const category of declared) note(category, rules.sensitiveCategoriesQuestion!);
  for (const element of state.inventory)
    if (SENSITIVE_CATEGORIES.includes(element.category)) note(element.category, `inventory: ${element.name}`);

  const names = met.map((c) => WP248_CRITERION_LABELS[c.criterion]).join(', ');
  const counted = `${met.length} of 9 WP248 criteria met${met.length ? ` (${names})` : ''}`;
  let proposedOutcome: ScreeningOutcome;
  let rationale: string;
  if (surveillanceTriggers.length > 0) {
    proposedOutcome = 'sir';
    rationale = `The technology falls under the surveillance ordinance, so a Surveillance Impact Report is required. ${counted}.`;
  } else if (met.length >= rules.piaThreshold) {
    proposedOutcome = 'pia';
    rationale = `${counted}; ${rules.piaThreshold} or more generally require a full privacy impact assessment (WP248 rev.01).`;
  } else {
    proposedOutcome = 'not_required';
    rationale = `${counted}; fewer than ${rules.piaThreshold}, so a full assessment is not generally required. The privacy officer confirms.`;
  }

  return {
    questionnaire: { id: state.template.id, version: state.template.version },
    criteria,
    criteriaMet: met.length,
    sensitiveCategories: [...sources]
      .map(([category, from]) => ({ category, sources: [...from] }))
      .sort((a, b) => a.category.localeCompare(b.category)),
    surveillance: { flagged: surveillanceTriggers.length > 0, triggeredBy: surveillanceTriggers },
    proposedOutcome,
    rationale,
  };
}
