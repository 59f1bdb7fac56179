import { resolve } from 'node:path';
import { PARKING_APP_ANSWERS } from '../../../test/fixtures/city-pia-answers';
import { loadQuestionnaires } from '../questionnaire/questionnaire-loader';
import { evaluateQuestionnaire } from '../questionnaire/questionnaire-state';
import type { QuestionnaireTemplate } from '../questionnaire/questionnaire.types';
import { screen } from './screening';

describe('screening (WP248 rev.01 on city-pia v1)', () => {
  let template: QuestionnaireTemplate;
  beforeAll(async () => {
    [template] = (await loadQuestionnaires(resolve(__dirname, '../../../templates/questionnaires'))).filter(
      (t) => t.id === 'city-pia',
    );
  });
  const run = (answers: Record<string, unknown>) => screen(evaluateQuestionnaire(template, answers));
  const metOf = (result: ReturnType<typeof run>) => result.criteria.filter((c) => c.met).map((c) => c.criterion);

  it('proposes a full PIA at two criteria or more, naming the answers that met each', () => {
    const result = run(PARKING_APP_ANSWERS);
    expect(metOf(result)).toEqual(['sensitive_data', 'large_scale']);
    expect(result.proposedOutcome).toBe('pia');
    expect(result.rationale).toBe(
      '2 of 9 WP248 criteria met (sensitive or highly personal data, large scale); 2 or more generally require a full privacy impact assessment (WP248 rev.01).',
    );
    const sensitive = result.criteria.find((c) => c.criterion === 'sensitive_data')!;
    expect(sensitive.triggeredBy).toEqual([
      { questionId: 'wp248_sensitive_data', answer: true },
      { questionId: 'data_inventory', answer: ['Parking location (location)'] },
    ]);
    expect(result.criteria.find((c) => c.criterion === 'large_scale')!.triggeredBy).toEqual([
      { questionId: 'scale_people', answer: 250000 },
      { questionId: 'geographic_extent', answer: 'citywide' },
    ]);
  });

  it('lists sensitive categories from the declaration and the inventory, with their sources', () => {
    expect(run(PARKING_APP_ANSWERS).sensitiveCategories).toEqual([
      { category: 'financial', sources: ['sensitive_categories'] },
      { category: 'location', sources: ['sensitive_categories', 'inventory: Parking location'] },
    ]);
  });

  it('proposes no full assessment below the threshold', () => {
    const result = run({
      ...PARKING_APP_ANSWERS,
      wp248_sensitive_data: false,
      data_inventory: [PARKING_APP_ANSWERS.data_inventory[0]],
    });
    expect(metOf(result)).toEqual(['large_scale']);
    expect(result).toMatchObject({ proposedOutcome: 'not_required', criteriaMet: 1 });
  });

  it('counts vulnerable subjects from whose data it is and from children in the inventory', () => {
    expect(metOf(run({ ...PARKING_APP_ANSWERS, data_subjects: ['residents', 'city_employees'] }))).toContain(
      'vulnerable_subjects',
    );
    const child = { ...PARKING_APP_ANSWERS.data_inventory[0], name: 'Student id', category: 'children' };
    expect(metOf(run({ ...PARKING_APP_ANSWERS, data_inventory: [child] }))).toContain('vulnerable_subjects');
  });

  it('proposes a SIR when the technology falls under the surveillance ordinance, whatever the count', () => {
    const result = run({ ...PARKING_APP_ANSWERS, surveillance_technology: true });
    expect(result.surveillance).toEqual({
      flagged: true,
      triggeredBy: [{ questionId: 'surveillance_technology', answer: true }],
    });
    expect(result.proposedOutcome).toBe('sir');
  });
});
