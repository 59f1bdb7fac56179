import fc from 'fast-check';
import type { QuestionShape } from './fuzz-answers';

/** The part of an OpenAPI 3.0 schema the generator reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  oneOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

/** What the generator draws from besides the schema: ids that exist, passwords that are right. */
export interface KnownValues {
  uuids: string[];
  passwords: string[];
  questions: QuestionShape[];
}

const MAX_DEPTH = 4;

/** Strings that have broken parsers and databases before: NUL, control characters, unpaired surrogates, SQL. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e\u0000',
  "'; DROP TABLE assessments; --",
  '%00',
  '../../../etc/passwd',
  '{{constructor.constructor("return process")()}}',
  '=cmd|"/c calc"!A1',
  '<script>alert(1)</script>',
  'null',
  'NaN',
  '-1',
  '1e309',
];

/** Numbers at the edges: beyond PostgreSQL's integer and bigint, beyond double precision, negative zero. */
export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  2_147_483_647,
  2_147_483_648,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

const calendarDate = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Valid-ish values of a schema (the shapes the API documents), with the known ids and passwords mixed in. */
export function valueOf(
  schema: Schema,
  resolve: (ref: string) => Schema,
  known: KnownValues,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) return valueOf(resolve(schema.$ref), resolve, known, depth);
  const value = plainValueOf(schema, resolve, known, depth);
  return schema.nullable
    ? fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) })
    : value;
}

function plainValueOf(schema: Schema, resolve: (ref: string) => Schema, known: KnownValues, depth: number) {
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => valueOf(s, resolve, known, depth)));
  if (schema.allOf) return valueOf(mergeAllOf(schema.allOf, resolve), resolve, known, depth);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return stringOf(schema, known);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 10, 1_000_000) }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth >= MAX_DEPTH
        ? fc.constant([])
        : fc.array(valueOf(schema.items ?? {}, resolve, known, depth + 1), { maxLength: 4 });
    case 'object':
    case undefined:
      return objectOf(schema, resolve, known, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(schema: Schema, known: KnownValues): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return known.uuids.length > 0 ? fc.oneof(fc.constantFrom(...known.uuids), fc.uuid()) : fc.uuid();
    case 'date':
      return calendarDate;
    case 'date-time':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    case 'password':
      return known.passwords.length > 0
        ? fc.oneof(fc.constantFrom(...known.passwords), fc.string({ maxLength: 30 }))
        : fc.string({ maxLength: 80 });
    case 'email':
      return fc.emailAddress();
    case 'binary':
      return fc.string({ maxLength: 200 });
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  );
}

function objectOf(schema: Schema, resolve: (ref: string) => Schema, known: KnownValues, depth: number) {
  if (depth >= MAX_DEPTH) return fc.constant({});
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  const record =
    keys.length > 0
      ? fc.record(Object.fromEntries(keys.map((k) => [k, valueOf(properties[k], resolve, known, depth + 1)])), {
          requiredKeys: schema.required?.filter((k) => keys.includes(k)) ?? [],
        })
      : fc.constant({});
  const extra = schema.additionalProperties
    ? fc.dictionary(
        fc.string({ minLength: 1, maxLength: 30 }),
        typeof schema.additionalProperties === 'object'
          ? valueOf(schema.additionalProperties, resolve, known, depth + 1)
          : fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 4 },
      )
    : fc.constant({});
  return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
}

function mergeAllOf(parts: Schema[], resolve: (ref: string) => Schema): Schema {
  const schemas = parts.map((p) => (p.$ref ? resolve(p.$ref) : p));
  if (schemas.length === 1) return schemas[0];
  return {
    type: 'object',
    properties: Object.assign({}, ...schemas.map((s) => s.properties ?? {})),
    required: schemas.flatMap((s) => s.required ?? []),
  };
}

/** Any value of a different kind from what a field expects: the wrong type, NUL, an edge number, a huge array. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], { '': '' }),
  fc.string({ unit: 'binary', maxLength: 100 }),
);
