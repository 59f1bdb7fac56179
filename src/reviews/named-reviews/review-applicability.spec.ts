import type { Wp248Criterion } from '../../assessments/questionnaire/questionnaire.types';
import { type ApplicabilityInput, applicableReviews } from './review-applicability';

const criteria = (met: Wp248Criterion[] = []) =>
  (['innovative_technology', 'sensitive_data'] as const).map((criterion) => ({
    criterion,
    met: met.includes(criterion),
    triggeredBy: [],
  }));
const base: ApplicabilityInput = {
  legal: { required: false, reasons: [] },
  screening: { sensitiveCategories: [], criteria: criteria() },
  screeningOutcome: 'pia',
};

describe('which named reviews apply', () => {
  it('holds a privacy review alone when nothing else calls for one, saying why each other does not apply', () => {
    const reviews = applicableReviews(base);
    expect(
      Object.entries(reviews)
        .filter(([, r]) => r.applies)
        .map(([name]) => name),
    ).toEqual(['privacy']);
    expect(reviews.legal.reason).toBe('No residual risk at high or above, and no legal flag.');
    expect(reviews.equity.reason).toContain('full privacy impact assessment');
  });

  it('asks for legal review when the risk register routes there, naming its reasons', () => {
    const reviews = applicableReviews({
      ...base,
      legal: { required: true, reasons: ['R1: high residual risk', 'CJIS'] },
    });
    expect(reviews.legal).toEqual({
      applies: true,
      reason: 'The risk register requires legal review: R1: high residual risk; CJIS.',
    });
  });

  it('asks for security review for sensitive categories in the data inventory, not those only declared', () => {
    const declared = applicableReviews({
      ...base,
      screening: {
        sensitiveCategories: [{ category: 'health', sources: ['sensitive_categories'] }],
        criteria: criteria(),
      },
    });
    expect(declared.security.applies).toBe(false);
    const held = applicableReviews({
      ...base,
      screening: {
        sensitiveCategories: [
          { category: 'location', sources: ['sensitive_categories', 'inventory: Plate location'] },
          { category: 'health', sources: ['sensitive_categories'] },
        ],
        criteria: criteria(),
      },
    });
    expect(held.security).toEqual({
      applies: true,
      reason: 'The data inventory holds sensitive categories: location.',
    });
  });

  it('asks for security review for a new system (new or unusual technology)', () => {
    const reviews = applicableReviews({
      ...base,
      screening: { sensitiveCategories: [], criteria: criteria(['innovative_technology']) },
    });
    expect(reviews.security).toEqual({
      applies: true,
      reason: 'The project is a new system: it uses new or unusual technology.',
    });
  });

  it('asks for the equity review when screening confirmed a surveillance impact report', () => {
    expect(applicableReviews({ ...base, screeningOutcome: 'sir' }).equity.applies).toBe(true);
    expect(applicableReviews({ ...base, screeningOutcome: 'pia' }).equity.applies).toBe(false);
  });
});
