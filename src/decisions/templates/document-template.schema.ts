import { DECISION_OUTCOMES } from '../record/decision-record';
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const disclosure = {
  type: 'object',
  additionalProperties: false,
  required: ['level'],
  properties: { level: { enum: ['public', 'internal', 'exempt'] }, exemption: text(300) },
  // An exempt part must cite the exemption relied on.
  if: { properties: { level: { const: 'exempt' } } },
  then: { properties: { exemption: text(300) }, required: ['level', 'exemption'] },
};
const signOff = { type: 'object', additionalProperties: false, required: ['role', 'meaning'], properties: { role: text(100), meaning: text(500) } };

const perOutcome = (maxLength: number) => ({
  type: 'object',
  additionalProperties: false,
  required: [...DECISION_OUTCOMES],
  properties: Object.fromEntries(DECISION_OUTCOMES.map((o) => [o, text(maxLength)])),
});

/** The JSON Schema of templates/documents/*.json. */
export const DOCUMENT_TEMPLATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'title', 'signOffs', 'disclosure'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    version: { type: 'integer', minimum: 1 },
    title: text(200),
    outcomes: perOutcome(200),
    signature: perOutcome(500),
    // Workflow v2 (template version 3 on): what clearing each named review means, and in what role.
    reviewSignOffs: {
      type: 'object',
      additionalProperties: false,
      required: ['privacy', 'legal', 'security', 'equity'],
      properties: Object.fromEntries(['privacy', 'legal', 'security', 'equity'].map((r) => [r, signOff])),
    },
    signOffs: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(['SUBMIT', 'RESUBMIT', 'CONFIRM_SCREENING', 'COMPLETE_RISK_ASSESSMENT', 'LEGAL_CLEAR', 'APPROVE', 'REJECT'].map((e) => [e, signOff])),
    },
    disclosure: {
      type: 'object',
      additionalProperties: false,
      required: ['reasons', 'risks', 'measures', 'legalFindings', 'conditions'],
      properties: Object.fromEntries(['reasons', 'risks', 'measures', 'legalFindings', 'conditions'].map((p) => [p, disclosure])),
    },
  },
};
