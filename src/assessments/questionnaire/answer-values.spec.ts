import { answerProblems } from './answer-values';
import type { Question } from './questionnaire.types';

const q = (type: Question['type'], extra: Partial<Question> = {}): Question => ({
  id: 'q',
  type,
  label: 'Q',
  ...extra,
});
const ok = (question: Question, value: unknown) => expect(answerProblems(question, value, '/answers/q')).toEqual([]);
const bad = (question: Question, value: unknown) =>
  answerProblems(question, value, '/answers/q').map((p) => `${p.pointer} ${p.detail}`);

describe('answer values by question type', () => {
  it('text: a string within its length', () => {
    ok(q('short_text'), 'Parking');
    expect(bad(q('short_text', { maxLength: 3 }), 'Parking')).toEqual(['/answers/q must be at most 3 characters']);
    expect(bad(q('long_text'), 42)).toEqual(['/answers/q must be text']);
  });

  it('number: finite, within bounds, whole when asked', () => {
    ok(q('number', { min: 0, max: 10 }), 10);
    expect(bad(q('number', { min: 0 }), -1)).toEqual(['/answers/q must be at least 0']);
    expect(bad(q('number', { integer: true }), 1.5)).toEqual(['/answers/q must be a whole number']);
    expect(bad(q('number'), '5')).toEqual(['/answers/q must be a number']);
  });

  it('yes/no: a boolean; date: a real YYYY-MM-DD', () => {
    ok(q('yes_no'), false);
    expect(bad(q('yes_no'), 'yes')).toEqual(['/answers/q must be true or false']);
    ok(q('date'), '2028-02-29');
    expect(bad(q('date'), '2027-02-29')).toEqual(['/answers/q must be a date as YYYY-MM-DD']);
    expect(bad(q('date'), '03/01/2027')).toEqual(['/answers/q must be a date as YYYY-MM-DD']);
  });

  it('choices: only listed options, without repeats', () => {
    const options = [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ];
    ok(q('single_choice', { options }), 'a');
    expect(bad(q('single_choice', { options }), 'c')).toEqual(['/answers/q must be one of: a, b']);
    ok(q('multiple_choice', { options }), ['a', 'b']);
    expect(bad(q('multiple_choice', { options }), ['a', 'a'])).toEqual(['/answers/q lists a value twice']);
    expect(bad(q('multiple_choice', { options }), ['z'])).toEqual(['/answers/q has values that are not options: z']);
  });

  it('scale: 1..4 with a justification', () => {
    ok(q('scale'), { value: 4, justification: 'Because.' });
    expect(bad(q('scale'), { value: 5, justification: 'x' })).toEqual([
      '/answers/q/value must be a whole number from 1 to 4',
    ]);
    expect(bad(q('scale'), { value: 2 })).toEqual(['/answers/q/justification is required: explain the score']);
    expect(bad(q('scale'), { value: 2, justification: '  ' })).toEqual([
      '/answers/q/justification is required: explain the score',
    ]);
  });

  it('group: a list of items keyed by its sub-questions, each checked by type', () => {
    const group = q('group', { questions: [q('short_text', { id: 'name' }), q('yes_no', { id: 'agreement' })] });
    ok(group, [{ name: 'Police' }, { name: 'Parks', agreement: true }]);
    expect(bad(group, [{ name: 'x', agreement: 'yes', extra: 1 }])).toEqual([
      '/answers/q/0/agreement must be true or false',
      '/answers/q/0/extra is not a question of this group',
    ]);
  });

  it('data inventory: each element with its fixed, validated fields', () => {
    const inventory = q('data_inventory');
    ok(inventory, [
      {
        name: 'Plate',
        category: 'identifiers',
        sensitivity: 'low',
        source: 'data_subject',
        recipients: ['internal'],
        retention: { unit: 'indefinite' },
        legalBasis: 'consent',
      },
    ]);
    expect(
      bad(inventory, [
        {
          name: 'Plate',
          category: 'dna',
          sensitivity: 'low',
          source: 'data_subject',
          recipients: [],
          retention: { value: 0, unit: 'years' },
          legalBasis: 'consent',
        },
      ]),
    ).toEqual([
      '/answers/q/0/category must be one of: identifiers, contact, government_id, financial, health, biometric, location, images_video, device_online, criminal_justice, immigration_status, children, demographic, employment, education, other',
      '/answers/q/0/recipients must be a non-empty list of distinct values from: internal, third_party, public',
      '/answers/q/0/retention must be { "value": 1..1000, "unit": "days" | "months" | "years" } or { "unit": "indefinite" }',
    ]);
  });

  it('accepts null and empty values, which clear the answer', () => {
    for (const type of ['short_text', 'number', 'multiple_choice', 'group'] as const) ok(q(type), null);
  });
});
