import { resolve } from 'node:path';
import { PARKING_APP_ANSWERS } from '../../../test/fixtures/city-pia-answers';
import { loadQuestionnaires } from './questionnaire-loader';
import { evaluateQuestionnaire, sectionProgress } from './questionnaire-state';
import type { QuestionnaireTemplate } from './questionnaire.types';

describe('questionnaire state (city-pia v1)', () => {
  let template: QuestionnaireTemplate;
  beforeAll(async () => {
    [template] = (await loadQuestionnaires(resolve(__dirname, '../../../templates/questionnaires'))).filter(
      (t) => t.id === 'city-pia',
    );
  });

  it('is complete with every required answer given, and hides the SIR sections', () => {
    const state = evaluateQuestionnaire(template, PARKING_APP_ANSWERS);
    const progress = sectionProgress(state);
    expect(progress.filter((s) => !s.complete).map((s) => s.id)).toEqual([]);
    expect(progress.filter((s) => !s.visible).map((s) => s.id)).toEqual([
      'sir_fiscal',
      'sir_expertise',
      'sir_racial_equity',
      'sir_public_engagement',
    ]);
  });

  it('shows the SIR sections, and requires them, when the technology is surveillance', () => {
    const state = evaluateQuestionnaire(template, { ...PARKING_APP_ANSWERS, surveillance_technology: true });
    const fiscal = sectionProgress(state).find((s) => s.id === 'sir_fiscal')!;
    expect(fiscal).toMatchObject({ visible: true, complete: false, required: 3, answered: 0 });
    expect(fiscal.missing.map((m) => m.pointer)).toEqual([
      '/answers/initial_cost',
      '/answers/annual_cost',
      '/answers/funding_source',
    ]);
  });

  it('drops the answers of hidden questions and does not require them', () => {
    const state = evaluateQuestionnaire(template, {
      ...PARKING_APP_ANSWERS,
      notice_given: false,
      notice_description: 'stale',
    });
    expect(state.answers.notice_description).toBeUndefined();
    expect(state.questions.get('notice_description')).toMatchObject({ visible: false, required: false, missing: [] });
    expect(state.questions.get('no_notice_reason')).toMatchObject({ visible: true, required: true });
  });

  it('makes a question required by a condition (requiredWhen)', () => {
    const state = evaluateQuestionnaire(template, { ...PARKING_APP_ANSWERS, shares_data: true });
    expect(state.questions.get('sharing_partners')!.missing).toEqual([
      { pointer: '/answers/sharing_partners', detail: 'is required' },
    ]);
  });

  it('reports the missing fields of a half-filled group item', () => {
    const state = evaluateQuestionnaire(template, { ...PARKING_APP_ANSWERS, access_roles: [{ role: 'Clerks' }] });
    expect(state.questions.get('access_roles')!.missing).toEqual([
      { pointer: '/answers/access_roles/0/access_level', detail: 'item 1: "Access" is required' },
      { pointer: '/answers/access_roles/0/reason', detail: 'item 1: "Why this access is needed" is required' },
    ]);
  });

  it('lists everything missing from an empty questionnaire, per section', () => {
    const progress = sectionProgress(evaluateQuestionnaire(template, {}));
    const abstract = progress.find((s) => s.id === 'abstract')!;
    expect(abstract).toMatchObject({ complete: false, required: 2, answered: 0 });
    expect(progress.find((s) => s.id === 'sir_fiscal')!.complete).toBe(true); // hidden, so nothing is required
  });
});
