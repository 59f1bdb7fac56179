import { resolve } from 'node:path';
import { TemplateError } from '../../common/templates/template-files';
import { checkQuestionnaire, loadQuestionnaires } from './questionnaire-loader';

const minimal = () => ({
  id: 'tiny',
  version: 1,
  title: 'Tiny',
  sections: [
    {
      id: 'only',
      title: 'Only',
      questions: [
        { id: 'shares', type: 'yes_no', label: 'Shares?', required: true, disclosure: { level: 'public' } },
        {
          id: 'partners',
          type: 'short_text',
          label: 'With whom?',
          visibleWhen: { question: 'shares', equals: true },
          disclosure: { level: 'public' },
        },
      ],
    },
  ],
  screening: {
    piaThreshold: 2,
    surveillance: [],
    criteria: Object.fromEntries(
      [
        'evaluation_or_scoring',
        'automated_decision',
        'systematic_monitoring',
        'sensitive_data',
        'large_scale',
        'matching_datasets',
        'vulnerable_subjects',
        'innovative_technology',
        'prevents_rights',
      ].map((c) => [c, []]),
    ),
  },
});

function problemOf(mutate: (t: ReturnType<typeof minimal> & Record<string, unknown>) => void): string {
  const template = minimal();
  mutate(template as never);
  try {
    checkQuestionnaire('tiny.v1.json', template);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error('expected the template to be refused');
}

describe('questionnaire templates', () => {
  it('loads the shipped templates', async () => {
    const templates = await loadQuestionnaires(resolve(__dirname, '../../../templates/questionnaires'));
    expect(templates.map((t) => `${t.id}@${t.version}`)).toContain('city-pia@1');
    const pia = templates.find((t) => t.id === 'city-pia')!;
    expect(pia.sections.map((s) => s.id)).toEqual([
      'screening',
      'abstract',
      'project_overview',
      'use_governance',
      'data_collection',
      'storage_retention',
      'sharing_accuracy',
      'legal',
      'monitoring',
      'sir_fiscal',
      'sir_expertise',
      'sir_racial_equity',
      'sir_public_engagement',
    ]);
  });

  it('accepts a minimal valid template', () => {
    expect(checkQuestionnaire('tiny.v1.json', minimal()).id).toBe('tiny');
  });

  it('names the file and the path of a structural error', () => {
    expect(problemOf((t) => (t.sections[0].questions[1].type = 'essay'))).toMatch(
      /^tiny\.v1\.json: \/sections\/0\/questions\/1\/type must be equal to one of the allowed values/,
    );
  });

  it('refuses a condition on a question that does not come earlier', () => {
    expect(
      problemOf((t) => (t.sections[0].questions[0].visibleWhen = { question: 'partners', answered: true } as never)),
    ).toBe(
      'tiny.v1.json: /sections/0/questions/0/visibleWhen refers to question "partners", which does not come earlier in the template',
    );
  });

  it('refuses duplicate ids, choice questions without options, and exempt fields without a citation', () => {
    expect(problemOf((t) => (t.sections[0].questions[1].id = 'shares'))).toBe(
      'tiny.v1.json: /sections/0/questions/1/id "shares" is used twice',
    );
    expect(problemOf((t) => (t.sections[0].questions[1].type = 'single_choice'))).toBe(
      'tiny.v1.json: /sections/0/questions/1/options are required for single_choice',
    );
    expect(problemOf((t) => (t.sections[0].questions[1].disclosure = { level: 'exempt' }))).toBe(
      'tiny.v1.json: /sections/0/questions/1/disclosure/exemption must cite the exemption relied on',
    );
  });

  it('refuses an operator that does not suit its question', () => {
    expect(problemOf((t) => (t.sections[0].questions[1].visibleWhen = { question: 'shares', gte: 3 } as never))).toBe(
      'tiny.v1.json: /sections/0/questions/1/visibleWhen gte/lte need a number question; "shares" is yes_no',
    );
  });

  it('requires the file name to match id and version', () => {
    expect(() => checkQuestionnaire('other.json', minimal())).toThrow(
      'other.json: /id must match the file name: expected tiny.v1.json',
    );
  });
});
