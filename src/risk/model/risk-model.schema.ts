import { RISK_LEVELS } from './risk-model.types';

const id = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' };
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const numbers = { type: 'object', additionalProperties: { type: 'number' } };

/**
 * The JSON Schema of a risk model (structure only; risk-model-loader.ts checks the references). Its
 * conditions are the questionnaire's own, so it is compiled beside that schema.
 */
export const RISK_MODEL_SCHEMA = {
  $id: 'risk-model',
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'version',
    'title',
    'dimensions',
    'axes',
    'thresholds',
    'factors',
    'risks',
    'legalFlags',
    'requireMeasure',
  ],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    version: { type: 'integer', minimum: 1 },
    title: text(200),
    description: text(2000),
    dimensions: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'min', 'max'],
        properties: {
          id,
          label: text(200),
          min: { type: 'integer' },
          max: { type: 'integer' },
          labels: { type: 'object', additionalProperties: text(100) },
        },
      },
    },
    axes: {
      type: 'object',
      additionalProperties: false,
      required: ['x', 'y'],
      properties: Object.fromEntries(
        ['x', 'y'].map((axis) => [
          axis,
          {
            type: 'object',
            additionalProperties: false,
            required: ['label', 'dimensions'],
            properties: { label: text(100), dimensions: { type: 'array', minItems: 1, items: id } },
          },
        ]),
      ),
    },
    thresholds: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['level', 'min'],
        properties: { level: { enum: [...RISK_LEVELS] }, min: { type: 'number' } },
      },
    },
    factors: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'when'],
        properties: { id, label: text(300), when: { $ref: 'questionnaire#/$defs/condition' } },
      },
    },
    risks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'category', 'base', 'contributions'],
        properties: {
          id,
          label: text(300),
          category: id,
          description: text(2000),
          base: numbers,
          contributions: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['factor', 'add'],
              properties: { factor: id, add: numbers },
            },
          },
        },
      },
    },
    legalFlags: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'when'],
        properties: { id, label: text(300), when: { $ref: 'questionnaire#/$defs/condition' } },
      },
    },
    requireMeasure: { type: 'boolean' },
  },
} as const;
