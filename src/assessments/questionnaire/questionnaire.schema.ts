import { QUESTION_TYPES, WP248_CRITERIA } from './questionnaire.types';

const id = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' };
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const scalar = { type: ['string', 'number', 'boolean'] };

/** The JSON Schema of a questionnaire template (structure only; questionnaire-loader.ts checks the rest). */
export const QUESTIONNAIRE_SCHEMA = {
  $id: 'questionnaire',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'title', 'sections', 'screening'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    version: { type: 'integer', minimum: 1 },
    title: text(200),
    description: text(2000),
    sections: { type: 'array', minItems: 1, items: { $ref: '#/$defs/section' } },
    screening: {
      type: 'object',
      additionalProperties: false,
      required: ['criteria', 'surveillance', 'piaThreshold'],
      properties: {
        criteria: {
          type: 'object',
          additionalProperties: false,
          required: [...WP248_CRITERIA],
          properties: Object.fromEntries(
            WP248_CRITERIA.map((c) => [c, { type: 'array', items: { $ref: '#/$defs/condition' } }]),
          ),
        },
        surveillance: { type: 'array', items: { $ref: '#/$defs/condition' } },
        sensitiveCategoriesQuestion: id,
        piaThreshold: { type: 'integer', minimum: 1, maximum: 9 },
      },
    },
  },
  $defs: {
    section: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'questions'],
      properties: {
        id,
        title: text(200),
        description: text(2000),
        questions: { type: 'array', minItems: 1, items: { $ref: '#/$defs/question' } },
      },
    },
    question: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'type', 'label'],
      properties: {
        id,
        type: { enum: [...QUESTION_TYPES] },
        label: text(500),
        help: text(2000),
        required: { type: 'boolean' },
        requiredWhen: { $ref: '#/$defs/condition' },
        visibleWhen: { $ref: '#/$defs/condition' },
        options: {
          type: 'array',
          minItems: 2,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['value', 'label'],
            properties: { value: { type: 'string', pattern: '^[a-z0-9_]{1,64}$' }, label: text(300) },
          },
        },
        min: { type: 'number' },
        max: { type: 'number' },
        integer: { type: 'boolean' },
        maxLength: { type: 'integer', minimum: 1, maximum: 50000 },
        minItems: { type: 'integer', minimum: 0 },
        maxItems: { type: 'integer', minimum: 1, maximum: 500 },
        questions: { type: 'array', minItems: 1, items: { $ref: '#/$defs/question' } },
        disclosure: {
          type: 'object',
          additionalProperties: false,
          required: ['level'],
          properties: { level: { enum: ['public', 'internal', 'exempt'] }, exemption: text(300) },
        },
      },
    },
    condition: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'equals'],
          properties: { question: id, equals: scalar },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'in'],
          properties: { question: id, in: { type: 'array', minItems: 1, items: scalar } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'includes'],
          properties: { question: id, includes: { type: 'string' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'includesAny'],
          properties: { question: id, includesAny: { type: 'array', minItems: 1, items: { type: 'string' } } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'answered'],
          properties: { question: id, answered: { type: 'boolean' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'gte'],
          properties: { question: id, gte: { type: 'number' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'lte'],
          properties: { question: id, lte: { type: 'number' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['inventoryHas'],
          properties: { inventoryHas: { type: 'string' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['all'],
          properties: { all: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['any'],
          properties: { any: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['not'],
          properties: { not: { $ref: '#/$defs/condition' } },
        },
      ],
    },
  },
} as const;
