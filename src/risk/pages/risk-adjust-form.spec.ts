import { RiskErrorCode, RiskException } from '../risk.exception';
import { adjustmentOf, adjustProblems, positionFields, treatmentChoices } from './risk-adjust-form';
import type { RegisterRisk } from './risk-register-view';

const model = {
  dimensions: [
    { id: 'severity', label: 'Severity', min: 1, max: 3, labels: { '3': 'Significant' } },
    { id: 'likelihood', label: 'Likelihood', min: 1, max: 3 },
  ],
};

const position = (severity: number, likelihood: number) => ({
  level: 'medium',
  score: severity * likelihood,
  dimensions: { severity, likelihood },
});

const risk = {
  id: 'r1',
  label: 'Re-identification',
  category: 'identification',
  inherent: position(3, 2),
  computed: position(3, 2),
  explanation: [],
  residual: null,
  target: null,
  treatment: null,
  status: 'open',
  measureIds: [],
} as unknown as RegisterRisk;

const refused = (errors: { pointer: string; detail: string }[]) =>
  new RiskException(RiskErrorCode.InvalidScores, 'The scores are not valid.', { errors });

describe('the adjustment form', () => {
  it('shows the scores in force, and a "Not scored" choice only for a score not set yet', () => {
    const [inherent, residual] = positionFields(model, risk, null, {});
    const severity = inherent.dimensions[0];
    expect(severity).toMatchObject({ id: 'inherent-severity', fieldLabel: 'Inherent severity', justification: '' });
    expect(severity.options).toEqual([
      { value: '1', label: '1', selected: false },
      { value: '2', label: '2', selected: false },
      { value: '3', label: '3 (Significant)', selected: true },
    ]);
    expect(residual.position).toBeNull();
    expect(residual.dimensions[1].options[0]).toEqual({ value: '', label: 'Not scored', selected: true });
    expect(residual.dimensions[1].justificationLabel).toBe('Why this residual likelihood');
  });

  it('keeps what was typed, with each field’s message, when the service refused it', () => {
    const body = { 'residual-severity': '2', 'residual-severity-justification': 'Masked', treatment: 'reduced' };
    const fields = positionFields(model, risk, body, { 'residual-severity-justification': 'Too short.' });
    const severity = fields[1].dimensions[0];
    expect(severity.options.find((o) => o.selected)?.value).toBe('2');
    expect(severity).toMatchObject({ justification: 'Masked', error: null, justificationError: 'Too short.' });
    expect(
      treatmentChoices(risk, body)
        .filter((t) => t.checked)
        .map((t) => t.value),
    ).toEqual(['reduced']);
    expect(treatmentChoices({ ...risk, treatment: 'accepted' }, null).find((t) => t.checked)?.value).toBe('accepted');
  });

  it('sends only the dimensions changed or justified, and nothing when nothing changes', () => {
    expect(adjustmentOf(model, risk, { 'inherent-severity': '3', 'inherent-likelihood': '2' })).toBeNull();
    expect(
      adjustmentOf(model, risk, {
        'inherent-severity': '3',
        'inherent-likelihood': '1',
        'inherent-likelihood-justification': ' Rare ',
        'residual-severity-justification': 'Why',
        'target-severity': 'x',
      }),
    ).toEqual({
      inherent: { likelihood: { value: 1, justification: 'Rare' } },
      residual: { severity: { value: undefined, justification: 'Why' } },
      target: { severity: { value: 'x', justification: '' } },
    });
  });

  it('sends the treatment when it changes, or with a residual score', () => {
    const treated = { ...risk, treatment: 'reduced' };
    expect(adjustmentOf(model, treated, { treatment: 'reduced' })).toBeNull();
    expect(adjustmentOf(model, treated, { treatment: 'accepted' })).toEqual({ treatment: 'accepted' });
    expect(adjustmentOf(model, treated, { treatment: 'reduced', 'residual-severity': '1' })).toEqual({
      residual: { severity: { value: 1, justification: '' } },
      treatment: 'reduced',
    });
  });

  it('says each refusal against the score and dimension it is about', () => {
    const problems = adjustProblems(
      model,
      refused([
        { pointer: '/residual/severity/value', detail: 'must be at most 3' },
        { pointer: '/residual/severity/justification', detail: 'is required' },
        { pointer: '/target', detail: 'must be at or below the residual' },
        { pointer: '/treatment', detail: 'must be one of the treatments' },
      ]),
    );
    expect(problems.errors).toEqual([
      { field: 'residual-severity', message: 'Residual severity must be at most 3.' },
      { field: 'residual-severity-justification', message: 'The justification for the residual severity is required.' },
      { field: 'target-severity', message: 'Target score must be at or below the residual.' },
      { field: 'treatment', message: 'The treatment must be one of the treatments.' },
    ]);
  });

  it('puts a refusal without fields beside the treatment', () => {
    const problems = adjustProblems(model, new RiskException(RiskErrorCode.InvalidScores, 'Nothing was changed.'));
    expect(problems.errors).toEqual([{ field: 'treatment', message: 'Nothing was changed.' }]);
  });
});
