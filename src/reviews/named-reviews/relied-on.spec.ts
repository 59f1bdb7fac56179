import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { QuestionnaireTemplate } from '../../assessments/questionnaire/questionnaire.types';
import { REVIEW_NAMES } from '../../workflow/assessment-machine.types';
import { RELIED_ON_SECTIONS, reliedOnQuestions } from './relied-on';

const cityPia = JSON.parse(
  readFileSync(resolve(__dirname, '../../../templates/questionnaires/city-pia.v1.json'), 'utf8'),
) as QuestionnaireTemplate;

describe('the answers each named review relies on', () => {
  it('names only sections the city PIA has', () => {
    const sections = new Set(cityPia.sections.map((s) => s.id));
    for (const review of REVIEW_NAMES) expect(RELIED_ON_SECTIONS[review].filter((s) => !sections.has(s))).toEqual([]);
  });

  it('gives each review its own questions: legal relies on the legal section, privacy does not', () => {
    expect(reliedOnQuestions(cityPia, 'legal')).toContain('legal_authority');
    expect(reliedOnQuestions(cityPia, 'privacy')).not.toContain('legal_authority');
    expect(reliedOnQuestions(cityPia, 'security')).toContain('encrypted_at_rest');
    expect(reliedOnQuestions(cityPia, 'equity')).toEqual(expect.arrayContaining(['ret_outcomes', 'data_subjects']));
    expect(reliedOnQuestions(cityPia, 'equity')).not.toContain('encrypted_at_rest');
  });

  it('gives a review every question of a template that has none of its sections', () => {
    const other = {
      ...cityPia,
      sections: [{ id: 'only', title: 'Only', questions: [{ id: 'q1', type: 'yes_no', label: 'Q' }] }],
    } as QuestionnaireTemplate;
    expect(reliedOnQuestions(other, 'legal')).toEqual(['q1']);
  });
});
