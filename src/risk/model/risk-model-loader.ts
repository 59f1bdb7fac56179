import Ajv from 'ajv';
import { loadTemplateFiles, TemplateError } from '../../common/templates/template-files';
import { QUESTIONNAIRE_SCHEMA } from '../../assessments/questionnaire/questionnaire.schema';
import { RISK_MODEL_SCHEMA } from './risk-model.schema';
import { RISK_LEVELS, type RiskModel } from './risk-model.types';

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
ajv.addSchema(QUESTIONNAIRE_SCHEMA);
const validateStructure = ajv.compile(RISK_MODEL_SCHEMA);

/** Reads and checks every model in a folder; any problem stops with a TemplateError naming file and path. */
export function loadRiskModels(dir: string): Promise<RiskModel[]> {
  return loadTemplateFiles(dir, checkRiskModel);
}

export function checkRiskModel(file: string, parsed: unknown): RiskModel {
  if (!validateStructure(parsed)) {
    const [error] = validateStructure.errors ?? [];
    throw new TemplateError(
      file,
      error?.instancePath ?? '',
      `${error?.message ?? 'is invalid'}${error?.params ? ` ${JSON.stringify(error.params)}` : ''}`,
    );
  }
  const model = parsed as unknown as RiskModel;
  const fail = (path: string, problem: string): never => {
    throw new TemplateError(file, path, problem);
  };
  if (file !== `${model.id}.v${model.version}.json`)
    fail('/id', `must match the file name: expected ${model.id}.v${model.version}.json`);

  const dimensions = new Map(model.dimensions.map((d) => [d.id, d]));
  if (dimensions.size !== model.dimensions.length) fail('/dimensions', 'have duplicate ids');
  model.dimensions.forEach((d, i) => d.min >= d.max && fail(`/dimensions/${i}`, 'min must be below max'));
  for (const axis of ['x', 'y'] as const) {
    model.axes[axis].dimensions.forEach(
      (d, i) => !dimensions.has(d) && fail(`/axes/${axis}/dimensions/${i}`, `"${d}" is not a dimension`),
    );
  }
  const axisDimensions = [...model.axes.x.dimensions, ...model.axes.y.dimensions];
  for (const d of model.dimensions)
    if (!axisDimensions.includes(d.id)) fail('/axes', `dimension "${d.id}" is on neither axis`);

  model.thresholds.forEach((t, i) => {
    if (i > 0 && t.min <= model.thresholds[i - 1].min) fail(`/thresholds/${i}/min`, 'thresholds must rise');
    if (i > 0 && RISK_LEVELS.indexOf(t.level) <= RISK_LEVELS.indexOf(model.thresholds[i - 1].level))
      fail(`/thresholds/${i}/level`, 'levels must rise');
  });
  if (model.thresholds[0].min > lowestScore(model))
    fail('/thresholds/0/min', `must be at most the lowest possible score, ${lowestScore(model)}`);

  const factors = new Set(model.factors.map((f) => f.id));
  if (factors.size !== model.factors.length) fail('/factors', 'have duplicate ids');
  const riskIds = new Set<string>();
  model.risks.forEach((risk, r) => {
    if (riskIds.has(risk.id)) fail(`/risks/${r}/id`, `"${risk.id}" is used twice`);
    riskIds.add(risk.id);
    for (const d of model.dimensions) {
      const base = risk.base[d.id];
      if (base === undefined || base < d.min || base > d.max)
        fail(`/risks/${r}/base`, `needs ${d.id} within ${d.min}..${d.max}`);
    }
    risk.contributions.forEach((c, i) => {
      if (!factors.has(c.factor)) fail(`/risks/${r}/contributions/${i}/factor`, `"${c.factor}" is not a factor`);
      for (const d of Object.keys(c.add))
        if (!dimensions.has(d)) fail(`/risks/${r}/contributions/${i}/add`, `"${d}" is not a dimension`);
    });
  });
  return model;
}

const sumOf = (model: RiskModel, ids: string[], pick: 'min' | 'max') =>
  ids.reduce((total, id) => total + model.dimensions.find((d) => d.id === id)![pick], 0);

export function lowestScore(model: RiskModel): number {
  return sumOf(model, model.axes.x.dimensions, 'min') * sumOf(model, model.axes.y.dimensions, 'min');
}
