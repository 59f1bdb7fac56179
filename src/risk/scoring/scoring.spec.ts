import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PARKING_APP_ANSWERS } from '../../../test/fixtures/city-pia-answers';
import type { DataElement } from '../../assessments/inventory/data-element';
import { checkRiskModel, loadRiskModels } from '../model/risk-model-loader';
import type { RiskModel } from '../model/risk-model.types';
import { position, scoreInherent } from './scoring';

const context = (answers: Record<string, unknown>) => ({
  answers,
  inventory: (answers.data_inventory ?? []) as DataElement[],
});

describe('risk scoring', () => {
  let models: RiskModel[];
  let cnil: RiskModel;
  let nist: RiskModel;
  beforeAll(async () => {
    models = await loadRiskModels(resolve(__dirname, '../../../templates/risk-models'));
    cnil = models.find((m) => m.id === 'city-default')!;
    nist = models.find((m) => m.id === 'nist-pram')!;
  });

  it('loads the default model with CNIL’s three feared events and the nine NIST problematic data actions', () => {
    const byCategory = (category: string) => cnil.risks.filter((r) => r.category === category).map((r) => r.id);
    expect(byCategory('cnil_feared_event')).toEqual(['illegitimate_access', 'unwanted_modification', 'disappearance']);
    expect(byCategory('nist_problematic_data_action')).toHaveLength(9);
  });

  it('computes inherent risk from the factors the answers raise, and explains each score', () => {
    const result = scoreInherent(cnil, context(PARKING_APP_ANSWERS));
    expect(result.factors.map((f) => f.factor)).toEqual([
      'sensitive_data',
      'large_scale',
      'precise_location',
      'third_party_sharing',
      'transfers',
    ]);
    const access = result.risks.find((r) => r.riskId === 'illegitimate_access')!;
    expect(access).toMatchObject({ dimensions: { severity: 3, likelihood: 3 }, score: 9, level: 'high' });
    expect(access.explanation.map((e) => [e.factor, e.add])).toEqual([
      ['sensitive_data', { severity: 1 }],
      ['large_scale', { severity: 1 }],
      ['third_party_sharing', { likelihood: 1 }],
      ['transfers', { likelihood: 1 }],
    ]);
    expect(access.explanation[0].triggeredBy).toEqual([
      { questionId: 'wp248_sensitive_data', answer: true },
      { questionId: 'data_inventory', answer: ['Parking location (location)'] },
    ]);
    expect(access.explanation[2].triggeredBy).toEqual([
      { questionId: 'data_inventory', answer: ['Licence plate (identifiers)'] },
    ]);
  });

  it('clamps to the scale and scores a quiet project low', () => {
    const quiet = scoreInherent(cnil, context({ scale_people: 40, geographic_extent: 'site' }));
    expect(quiet.factors).toEqual([]);
    expect(new Set(quiet.risks.map((r) => r.level))).toEqual(new Set(['low']));
    const loud = scoreInherent(
      cnil,
      context({
        ...PARKING_APP_ANSWERS,
        wp248_systematic_monitoring: true,
        surveillance_technology: true,
        wp248_innovative_technology: true,
      }),
    );
    const surveillance = loud.risks.find((r) => r.riskId === 'surveillance')!;
    expect(surveillance.dimensions).toEqual({ severity: 4, likelihood: 4 }); // 1+1+1+1 severity, 1+2+1+1 likelihood clamped to 4
    expect(surveillance.level).toBe('critical');
  });

  it('raises legal flags from the answers', () => {
    expect(scoreInherent(cnil, context(PARKING_APP_ANSWERS)).legalFlags).toEqual([]);
    const flagged = scoreInherent(cnil, context({ ...PARKING_APP_ANSWERS, legal_frameworks: ['cjis'] }));
    expect(flagged.legalFlags).toEqual([
      {
        factor: 'regulated_data',
        label: expect.any(String),
        triggeredBy: [{ questionId: 'legal_frameworks', answer: ['cjis'] }],
      },
    ]);
  });

  it('maps scores to levels by the model’s thresholds', () => {
    expect(position(cnil, { severity: 1, likelihood: 3 })).toMatchObject({ score: 3, level: 'low' });
    expect(position(cnil, { severity: 2, likelihood: 2 })).toMatchObject({ score: 4, level: 'medium' });
    expect(position(cnil, { severity: 4, likelihood: 3 })).toMatchObject({ score: 12, level: 'critical' });
  });

  it('runs a second method, NIST PRAM (likelihood 1..10 × summed impact), from its file alone', () => {
    const result = scoreInherent(nist, context({ ...PARKING_APP_ANSWERS, encrypted_at_rest: false }));
    const insecurity = result.risks.find((r) => r.riskId === 'insecurity')!;
    // likelihood 1+4; impact: noncompliance 1+4, direct business 1+3, reputational 1+4, internal culture 1, other 1
    expect(insecurity.dimensions).toEqual({
      likelihood: 5,
      noncompliance: 5,
      direct_business: 4,
      reputational: 5,
      internal_culture: 1,
      other: 1,
    });
    expect(insecurity).toMatchObject({ score: 5 * 16, level: 'medium' });
    expect(result.model).toEqual({ id: 'nist-pram', version: 1 });
  });
});

describe('risk model files', () => {
  it('are refused with the file and path when a risk reaches for an unknown factor', () => {
    const model = JSON.parse(
      readFileSync(resolve(__dirname, '../../../templates/risk-models/city-default.v1.json'), 'utf8'),
    );
    model.risks[1].contributions[0].factor = 'moon_phase';
    expect(() => checkRiskModel('city-default.v1.json', model)).toThrow(
      'city-default.v1.json: /risks/1/contributions/0/factor "moon_phase" is not a factor',
    );
    model.risks[1].contributions[0].factor = 'automated_decision';
    model.thresholds[2].min = 2;
    expect(() => checkRiskModel('city-default.v1.json', model)).toThrow(
      'city-default.v1.json: /thresholds/2/min thresholds must rise',
    );
  });
});
