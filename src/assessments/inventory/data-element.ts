/**
 * The data inventory: what personal data a project handles, one element per kind of data. Structured so
 * that screening and risk scoring can read it; its fields are fixed here, not per template.
 */
export const DATA_CATEGORIES = [
  'identifiers',
  'contact',
  'government_id',
  'financial',
  'health',
  'biometric',
  'location',
  'images_video',
  'device_online',
  'criminal_justice',
  'immigration_status',
  'children',
  'demographic',
  'employment',
  'education',
  'other',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Special or highly personal categories (WP248 criterion 4; the city's sensitive categories). */
export const SENSITIVE_CATEGORIES: readonly DataCategory[] = [
  'government_id',
  'financial',
  'health',
  'biometric',
  'location',
  'criminal_justice',
  'immigration_status',
  'children',
  'demographic',
];

export const SENSITIVITIES = ['low', 'moderate', 'high'] as const;
export const SOURCES = [
  'data_subject',
  'city_system',
  'other_agency',
  'third_party',
  'public_source',
  'sensor_or_device',
] as const;
export const RECIPIENTS = ['internal', 'third_party', 'public'] as const;
export const RETENTION_UNITS = ['days', 'months', 'years', 'indefinite'] as const;
export const LEGAL_BASES = [
  'ordinance_or_statute',
  'consent',
  'contract',
  'public_task',
  'court_order',
  'other',
] as const;

export interface DataElement {
  name: string;
  category: DataCategory;
  sensitivity: (typeof SENSITIVITIES)[number];
  source: (typeof SOURCES)[number];
  recipients: (typeof RECIPIENTS)[number][];
  retention: { value?: number; unit: (typeof RETENTION_UNITS)[number] };
  legalBasis: (typeof LEGAL_BASES)[number];
  /** The statute, ordinance or agreement behind the legal basis. */
  legalBasisDetail?: string;
}

/** How a client renders an element's fields without knowing this file. */
export const DATA_ELEMENT_FIELDS = [
  { id: 'name', type: 'short_text', label: 'Data element', required: true },
  { id: 'category', type: 'single_choice', label: 'Category', required: true, options: DATA_CATEGORIES },
  { id: 'sensitivity', type: 'single_choice', label: 'Sensitivity', required: true, options: SENSITIVITIES },
  { id: 'source', type: 'single_choice', label: 'Source', required: true, options: SOURCES },
  { id: 'recipients', type: 'multiple_choice', label: 'Recipients', required: true, options: RECIPIENTS },
  { id: 'retention', type: 'retention', label: 'Retention period', required: true, options: RETENTION_UNITS },
  { id: 'legalBasis', type: 'single_choice', label: 'Legal basis', required: true, options: LEGAL_BASES },
  { id: 'legalBasisDetail', type: 'short_text', label: 'Statute, ordinance or agreement', required: false },
] as const;

const oneOf = (values: readonly string[], value: unknown) => typeof value === 'string' && values.includes(value);

/** Problems with one element, keyed by field (empty when valid). */
export function dataElementProblems(element: unknown): Record<string, string> {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return { '': 'must be an object' };
  const e = element as Record<string, unknown>;
  const problems: Record<string, string> = {};
  const known = new Set<string>(DATA_ELEMENT_FIELDS.map((f) => f.id));
  for (const key of Object.keys(e)) if (!known.has(key)) problems[key] = 'is not a field of a data element';

  if (typeof e.name !== 'string' || !e.name.trim() || e.name.length > 200)
    problems.name = 'must be a non-empty text of at most 200 characters';
  if (!oneOf(DATA_CATEGORIES, e.category)) problems.category = `must be one of: ${DATA_CATEGORIES.join(', ')}`;
  if (!oneOf(SENSITIVITIES, e.sensitivity)) problems.sensitivity = `must be one of: ${SENSITIVITIES.join(', ')}`;
  if (!oneOf(SOURCES, e.source)) problems.source = `must be one of: ${SOURCES.join(', ')}`;
  if (
    !Array.isArray(e.recipients) ||
    e.recipients.length === 0 ||
    !e.recipients.every((r) => oneOf(RECIPIENTS, r)) ||
    new Set(e.recipients).size !== e.recipients.length
  ) {
    problems.recipients = `must be a non-empty list of distinct values from: ${RECIPIENTS.join(', ')}`;
  }
  const retention = e.retention as Record<string, unknown> | undefined;
  const retentionOk =
    typeof retention === 'object' &&
    retention !== null &&
    Object.keys(retention).every((k) => k === 'value' || k === 'unit') &&
    oneOf(RETENTION_UNITS, retention.unit) &&
    (retention.unit === 'indefinite'
      ? retention.value === undefined
      : Number.isInteger(retention.value) && (retention.value as number) >= 1 && (retention.value as number) <= 1000);
  if (!retentionOk)
    problems.retention =
      'must be { "value": 1..1000, "unit": "days" | "months" | "years" } or { "unit": "indefinite" }';
  if (!oneOf(LEGAL_BASES, e.legalBasis)) problems.legalBasis = `must be one of: ${LEGAL_BASES.join(', ')}`;
  if (e.legalBasisDetail !== undefined && (typeof e.legalBasisDetail !== 'string' || e.legalBasisDetail.length > 500)) {
    problems.legalBasisDetail = 'must be a text of at most 500 characters';
  }
  return problems;
}
