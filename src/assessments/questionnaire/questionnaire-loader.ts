import Ajv from 'ajv';
import { loadTemplateFiles, TemplateError } from '../../common/templates/template-files';
import { DATA_CATEGORIES, RECIPIENTS } from '../inventory/data-element';
import { referencedQuestions } from './conditions';
import { QUESTIONNAIRE_SCHEMA } from './questionnaire.schema';
import type { Condition, Question, QuestionnaireTemplate } from './questionnaire.types';

const CHOICE_TYPES = new Set(['single_choice', 'multiple_choice']);
const INVENTORY_TESTS = [
  'sensitive',
  'retention:indefinite',
  ...DATA_CATEGORIES,
  ...RECIPIENTS.map((r) => `recipient:${r}`),
];
const validateStructure = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(
  QUESTIONNAIRE_SCHEMA,
);

/** Reads and checks every template in a folder. Any problem stops with a TemplateError. */
export function loadQuestionnaires(dir: string): Promise<QuestionnaireTemplate[]> {
  return loadTemplateFiles(dir, checkQuestionnaire); // id and version are unique: each must match its file's name
}

/** Structure by JSON Schema, then the rules a schema cannot say. */
export function checkQuestionnaire(file: string, parsed: unknown): QuestionnaireTemplate {
  if (!validateStructure(parsed)) {
    const [error] = validateStructure.errors ?? [];
    throw new TemplateError(
      file,
      error?.instancePath ?? '',
      `${error?.message ?? 'is invalid'}${error?.params ? ` ${JSON.stringify(error.params)}` : ''}`,
    );
  }
  const template = parsed as unknown as QuestionnaireTemplate;
  const fail = (path: string, problem: string): never => {
    throw new TemplateError(file, path, problem);
  };
  if (file !== `${template.id}.v${template.version}.json`)
    fail('/id', `must match the file name: expected ${template.id}.v${template.version}.json`);

  const order = new Map<string, { index: number; question: Question }>(); // top-level questions, in template order
  const ids = new Set<string>();
  const sectionIds = new Set<string>();
  let inventoryQuestions = 0;

  const checkCondition = (path: string, condition: Condition, before: number) => {
    for (const ref of referencedQuestions(condition)) {
      const target = order.get(ref);
      if (!target || target.index >= before)
        fail(path, `refers to question "${ref}", which does not come earlier in the template`);
    }
    checkOperands(path, condition, order, fail);
  };

  const checkQuestion = (path: string, q: Question, inGroup: boolean) => {
    if (ids.has(q.id)) fail(`${path}/id`, `"${q.id}" is used twice`);
    ids.add(q.id);
    const isChoice = CHOICE_TYPES.has(q.type);
    if (isChoice !== Boolean(q.options))
      fail(`${path}/options`, isChoice ? `are required for ${q.type}` : `are only for choice questions`);
    if (q.options && new Set(q.options.map((o) => o.value)).size !== q.options.length)
      fail(`${path}/options`, 'have duplicate values');
    if ((q.type === 'group') !== Boolean(q.questions))
      fail(`${path}/questions`, q.type === 'group' ? 'are required for a group' : 'are only for groups');
    if (inGroup && (q.type === 'group' || q.type === 'data_inventory'))
      fail(`${path}/type`, `${q.type} cannot sit inside a group`);
    if (inGroup && (q.visibleWhen || q.requiredWhen)) fail(path, 'questions inside a group cannot have conditions');
    if (!inGroup && !q.disclosure) fail(`${path}/disclosure`, 'is required (public, internal or exempt)');
    if (q.disclosure?.level === 'exempt' && !q.disclosure.exemption)
      fail(`${path}/disclosure/exemption`, 'must cite the exemption relied on');
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) fail(`${path}/min`, 'is greater than max');
    if (q.type === 'data_inventory') inventoryQuestions += 1;
    q.questions?.forEach((sub, i) => checkQuestion(`${path}/questions/${i}`, sub, true));
  };

  template.sections.forEach((section, s) => {
    if (sectionIds.has(section.id)) fail(`/sections/${s}/id`, `"${section.id}" is used twice`);
    sectionIds.add(section.id);
    section.questions.forEach((q, i) => {
      const path = `/sections/${s}/questions/${i}`;
      checkQuestion(path, q, false);
      if (q.visibleWhen) checkCondition(`${path}/visibleWhen`, q.visibleWhen, order.size);
      if (q.requiredWhen) checkCondition(`${path}/requiredWhen`, q.requiredWhen, order.size);
      order.set(q.id, { index: order.size, question: q });
    });
  });
  if (inventoryQuestions > 1) fail('/sections', 'may hold at most one data_inventory question');

  const { screening } = template;
  const everything = order.size;
  for (const [criterion, conditions] of Object.entries(screening.criteria)) {
    conditions.forEach((c, i) => checkCondition(`/screening/criteria/${criterion}/${i}`, c, everything));
  }
  screening.surveillance.forEach((c, i) => checkCondition(`/screening/surveillance/${i}`, c, everything));
  if (screening.sensitiveCategoriesQuestion) {
    const q = order.get(screening.sensitiveCategoriesQuestion)?.question;
    if (!q || q.type !== 'multiple_choice')
      return fail('/screening/sensitiveCategoriesQuestion', 'must name a multiple_choice question');
    const unknown = q.options!.map((o) => o.value).filter((v) => !(DATA_CATEGORIES as readonly string[]).includes(v));
    if (unknown.length)
      fail('/screening/sensitiveCategoriesQuestion', `has options that are not data categories: ${unknown.join(', ')}`);
  }
  return template;
}

/** Operators must suit the question they read: includes on multiple choice, bounds on numbers, choices that exist. */
function checkOperands(
  path: string,
  condition: Condition,
  order: Map<string, { question: Question }>,
  fail: (p: string, m: string) => never,
) {
  if ('all' in condition) return condition.all.forEach((c, i) => checkOperands(`${path}/all/${i}`, c, order, fail));
  if ('any' in condition) return condition.any.forEach((c, i) => checkOperands(`${path}/any/${i}`, c, order, fail));
  if ('not' in condition) return checkOperands(`${path}/not`, condition.not, order, fail);
  if ('inventoryHas' in condition) {
    if (!INVENTORY_TESTS.includes(condition.inventoryHas)) {
      fail(
        path,
        `inventoryHas "${condition.inventoryHas}" must be "sensitive", a data category, "recipient:<recipient>" or "retention:indefinite"`,
      );
    }
    return;
  }
  const q = order.get(condition.question)!.question;
  const values = q.options?.map((o) => o.value);
  if (('includes' in condition || 'includesAny' in condition) && q.type !== 'multiple_choice')
    fail(path, `includes needs a multiple_choice question; "${q.id}" is ${q.type}`);
  if (('gte' in condition || 'lte' in condition) && q.type !== 'number')
    fail(path, `gte/lte need a number question; "${q.id}" is ${q.type}`);
  if ('equals' in condition && q.type === 'yes_no' && typeof condition.equals !== 'boolean')
    fail(path, `"${q.id}" is yes_no: compare with true or false`);
  const named =
    'includes' in condition
      ? [condition.includes]
      : 'includesAny' in condition
        ? condition.includesAny
        : 'equals' in condition && values
          ? [condition.equals]
          : 'in' in condition && values
            ? condition.in
            : [];
  const missing = values ? named.filter((v) => !values.includes(v as string)) : [];
  if (missing.length) fail(path, `"${q.id}" has no option ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
}
