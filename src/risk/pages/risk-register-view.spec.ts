import type { QuestionnaireTemplate } from '../../assessments/questionnaire/questionnaire.types';
import {
  type HistoryRow,
  answerView,
  contributionText,
  dimensionsText,
  factorViews,
  historyView,
  positionView,
  type AnswerPlaces,
} from './risk-register-view';

const model = {
  dimensions: [
    { id: 'severity', label: 'Severity', min: 1, max: 4, labels: { '1': 'Negligible', '3': 'Significant' } },
    { id: 'likelihood', label: 'Likelihood', min: 1, max: 4 },
  ],
};

const template = {
  id: 't',
  version: 1,
  title: 'T',
  screening: {},
  sections: [
    {
      id: 'collection',
      title: 'Collection',
      questions: [
        { id: 'scale_people', type: 'number', label: 'How many people?' },
        {
          id: 'where',
          type: 'single_choice',
          label: 'Where?',
          options: [{ value: 'citywide', label: 'Citywide' }],
        },
      ],
    },
    {
      id: 'inventory',
      title: 'Inventory',
      questions: [{ id: 'data_inventory', type: 'data_inventory', label: 'Data' }],
    },
  ],
} as unknown as QuestionnaireTemplate;

const places: AnswerPlaces = { template, visibleSections: new Set(['collection']), base: '/pia/PIA-2026-0001' };

describe('the risk register in words', () => {
  it('names each dimension with its scale label, and a position with its level and score', () => {
    expect(dimensionsText(model, { severity: 3, likelihood: 2 })).toBe('Severity 3 (Significant), Likelihood 2');
    expect(positionView(model, { dimensions: { severity: 1, likelihood: 1 }, score: 1, level: 'low' })).toEqual({
      level: 'Low',
      levelCode: 'low',
      score: 1,
      dimensions: 'Severity 1 (Negligible), Likelihood 1',
    });
    expect(positionView(model, null)).toBeNull();
    expect(contributionText(model, { severity: 1, likelihood: -1 })).toBe('+1 severity, −1 likelihood');
  });

  it('links an answer to its question on a section the viewer can open, and only shows it otherwise', () => {
    expect(answerView(places, { questionId: 'where', answer: 'citywide' })).toEqual({
      question: 'Where?',
      answer: 'Citywide',
      href: '/pia/PIA-2026-0001/sections/collection#where',
    });
    // The inventory's section is not shown now: its page would be a 404, so the answer is given without a link.
    expect(
      answerView(places, { questionId: 'data_inventory', answer: ['Plate (vehicle)', 'Phone (contact)'] }),
    ).toEqual({ question: 'Data', answer: 'Plate (vehicle); Phone (contact)', href: null });
    expect(answerView(places, { questionId: 'gone', answer: 'x' })).toEqual({
      question: 'gone',
      answer: 'x',
      href: null,
    });
  });

  it("lists a risk's factors with what each added and the answers that raised it, and ignores a malformed one", () => {
    const explanation = [
      {
        factor: 'large_scale',
        label: 'Large scale',
        add: { severity: 1 },
        triggeredBy: [{ questionId: 'scale_people', answer: 250000 }],
      },
    ];
    expect(factorViews(model, explanation, places)).toEqual([
      {
        label: 'Large scale',
        adds: '+1 severity',
        answers: [
          {
            question: 'How many people?',
            answer: '250000',
            href: '/pia/PIA-2026-0001/sections/collection#scale_people',
          },
        ],
      },
    ]);
    expect(factorViews(model, null, places)).toEqual([]);
  });

  it('tells the history newest first, with who, from what to what, and each justification', () => {
    const rows: HistoryRow[] = [
      {
        id: 1,
        kind: 'residual',
        before: null,
        after: { dimensions: { severity: 1, likelihood: 2 }, score: 2, level: 'low' },
        justifications: { severity: 'Hashed.', likelihood: 'Few staff.' },
        actorId: 'u1',
        at: '2026-12-06T10:00:00.000Z',
      },
      {
        id: 2,
        kind: 'rescored',
        before: { model: 'city-default', version: 1 },
        after: { model: 'city-default', version: 2 },
        justifications: { reason: 'New model.' },
        actorId: 'u2',
        at: '2026-12-06T11:00:00.000Z',
      },
    ];
    expect(historyView(model, rows, new Map([['u1', 'Priya Shah']]))).toEqual([
      {
        heading: 'Rescored',
        from: 'city-default version 1',
        to: 'city-default version 2',
        justifications: [{ label: 'Reason', text: 'New model.' }],
        by: 'Someone',
        at: '2026-12-06T11:00:00.000Z',
      },
      {
        heading: 'Residual score set',
        from: 'none',
        to: 'Low, score 2 (Severity 1 (Negligible), Likelihood 2)',
        justifications: [
          { label: 'Severity', text: 'Hashed.' },
          { label: 'Likelihood', text: 'Few staff.' },
        ],
        by: 'Priya Shah',
        at: '2026-12-06T10:00:00.000Z',
      },
    ]);
  });
});
