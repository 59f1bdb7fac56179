import type { ScreeningResult } from '../../assessments/screening/screening';
import { SCREENING_OUTCOME_LABELS } from '../../common/labels';
import type { ReviewApplicability, ReviewName, ScreeningOutcome } from '../../workflow/assessment-machine.types';

/** What decides which named reviews apply, all worked out by the server when the risk stage completes. */
export interface ApplicabilityInput {
  /** The risk register's routing: residual risk at high or above, or a legal flag. */
  legal: { required: boolean; reasons: string[] };
  /** Screening's result from the submitted answers (its sensitive categories and WP248 criteria). */
  screening: Pick<ScreeningResult, 'sensitiveCategories' | 'criteria'> | null;
  /** The outcome the privacy officer confirmed. */
  screeningOutcome: ScreeningOutcome | null;
}

const list = (items: string[]) => items.join('; ');

/**
 * Which of v2's named reviews apply, each with its reason in words (stored in the snapshot, as screening's
 * routing is, and shown on the status page and in the decision document).
 * - privacy: always.
 * - legal: when the risk register routes to legal review (residual risk at high or above, or a legal flag).
 * - security: when the data inventory holds a sensitive category, or the project is a new system. The
 *   questionnaire says "new system" through WP248's innovative-technology criterion ("new or unusual
 *   technology"), so screening's criterion is what is read, whatever template asked it.
 * - equity: when screening confirmed a surveillance impact report, whose Racial Equity Toolkit review it is.
 */
export function applicableReviews(input: ApplicabilityInput): Record<ReviewName, ReviewApplicability> {
  const inventorySensitive = (input.screening?.sensitiveCategories ?? [])
    .filter((c) => c.sources.some((source) => source.startsWith('inventory:')))
    .map((c) => c.category);
  const newSystem = input.screening?.criteria.some((c) => c.criterion === 'innovative_technology' && c.met) ?? false;
  const security = [
    ...(inventorySensitive.length > 0
      ? [`The data inventory holds sensitive categories: ${inventorySensitive.join(', ')}.`]
      : []),
    ...(newSystem ? ['The project is a new system: it uses new or unusual technology.'] : []),
  ];
  const sir = input.screeningOutcome === 'sir';
  return {
    privacy: { applies: true, reason: 'Every assessment has a privacy review.' },
    legal: input.legal.required
      ? { applies: true, reason: `The risk register requires legal review: ${list(input.legal.reasons)}.` }
      : { applies: false, reason: 'No residual risk at high or above, and no legal flag.' },
    security:
      security.length > 0
        ? { applies: true, reason: security.join(' ') }
        : { applies: false, reason: 'The data inventory holds no sensitive category, and it is not a new system.' },
    equity: sir
      ? {
          applies: true,
          reason: `Screening confirmed a ${SCREENING_OUTCOME_LABELS.sir.toLowerCase()}, which requires the Racial Equity Toolkit review.`,
        }
      : {
          applies: false,
          reason: `Screening confirmed ${input.screeningOutcome ? `a ${SCREENING_OUTCOME_LABELS[input.screeningOutcome].toLowerCase()}` : 'no outcome'}, not a surveillance impact report.`,
        },
  };
}
