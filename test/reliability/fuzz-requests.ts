import fc from 'fast-check';
import { answersBody } from './fuzz-answers';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, type KnownValues, type Schema, valueOf, wrongValue } from './fuzz-values';

/** Who a request claims to be: one of the run's accounts, nobody, or a token that must be refused. */
export const IDENTITIES = ['admin', 'owner', 'officer', 'counsel', 'approver', 'records'] as const;
const IDENTITY_OF_ROLE: Record<string, Identity> = {
  admin: 'admin',
  project_owner: 'owner',
  privacy_officer: 'officer',
  legal_counsel: 'counsel',
  approver: 'approver',
  records_officer: 'records',
};
export type Identity = (typeof IDENTITIES)[number] | 'none' | 'garbage' | 'forged' | 'unsigned';

/** A body, kept small until it is sent: deep and oversized ones are written out only then. */
export type BodySpec =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string }
  | { kind: 'deep'; depth: number; shape: 'array' | 'object'; field?: string }
  | { kind: 'oversized'; bytes: number; field: string }
  | { kind: 'multipart'; field: string; content: Upload; filename: string };

/** An upload: text, or a real decision PDF or manifest from the run with bytes changed or cut off. */
export type Upload =
  { source: 'text'; text: string } | { source: 'pdf' | 'jws'; flips: [at: number, byte: number][]; cutAt?: number };

/** The run's real documents, which mutated uploads start from. */
export interface Samples {
  pdf: Uint8Array;
  jws: string;
}

/** If-Match with this value is sent as the assessment's current version, read just before. */
export const CURRENT_VERSION = 'CURRENT';

export interface FuzzRequest {
  method: string;
  /** The path with its query string. */
  path: string;
  headers: Record<string, string>;
  identity: Identity;
  body?: BodySpec;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { mediaType: string; schema: Schema };
  /** The identities whose roles grant the operation's permission (x-permission); none for public ones. */
  permitted: Identity[];
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        'x-permission'?: { roles: string[] };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** What the run set up, by kind, so that path parameters name things that exist (and are reachable). */
export interface KnownIds {
  assessments: string[];
  users: string[];
  decisions: string[];
  packages: string[];
  notifications: string[];
  risks: string[];
  measures: string[];
  items: string[];
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) => {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) return [];
      const [mediaType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      return [
        {
          method: method.toUpperCase(),
          path,
          parameters: op.parameters ?? [],
          body: mediaType ? { mediaType, schema: content.schema } : undefined,
          permitted: (op['x-permission']?.roles ?? []).map((role) => IDENTITY_OF_ROLE[role]).filter(Boolean),
        },
      ];
    }),
  );
}

const BAD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123',
  '-1',
  '99999999999999999999999',
  '%00',
  'a%00b',
  '%2e%2e%2f%2e%2e%2f',
  '%E2%80%AE',
  '%F0%9F%92%A9',
  'x'.repeat(3000),
  "1'%20OR%20'1'='1",
];

const IF_MATCH = fc.oneof(
  { weight: 3, arbitrary: fc.constant(CURRENT_VERSION) },
  fc.nat({ max: 40 }).map((v) => `"${v}"`),
  fc.nat({ max: 40 }).map((v) => `W/"${v}"`),
  fc.constantFrom('*', '""', '"abc"', '1', 'W/', '"1", "2"', '"99999999999999999999"', '"-1"', `"${'9'.repeat(500)}"`),
);

/**
 * Where a request says it comes from (the service trusts X-Forwarded-For from loopback): addresses of
 * the documentation range, so that the logins the fuzzer fails lock those out, not the loopback address
 * the run's own sessions and any later test log in from; and now and then a value no proxy would send.
 */
const CLIENT = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 254 }).map((n) => `198.51.100.${n}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'not-an-ip',
      '999.999.999.999',
      '::ffff:198.51.100.7',
      '198.51.100.1, 203.0.113.9',
      'x'.repeat(500),
      '',
    ),
  },
);

/** Every request this operation may be sent, valid-ish and hostile. */
export function requestsFor(operation: Operation, document: OpenApiDocument, known: KnownValues, ids: KnownIds) {
  const resolve = (ref: string) => document.components?.schemas?.[ref.split('/').pop()!] ?? {};
  // A right current password would change it and end every session the run relies on; signatures may use it.
  if (operation.path === '/auth/password') known = { ...known, passwords: [] };
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const takesIfMatch = operation.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');

  const path = fc
    .tuple(...pathParams.map((p) => pathValue(operation.path, p, ids)))
    .map((values) => pathParams.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i]), operation.path));
  const query = fc
    .tuple(
      ...queryParams.map((p) =>
        sometimes(
          fc.oneof(
            { weight: 5, arbitrary: valueOf(p.schema ?? {}, resolve, known).map((v) => [[p.name, String(v)]]) },
            {
              weight: 2,
              arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...HOSTILE_NUMBERS.map(String)).map((v) => [[p.name, v]]),
            },
            {
              weight: 1,
              arbitrary: fc.tuple(fc.string(), fc.string()).map(([a, b]) => [
                [p.name, a],
                [p.name, b],
              ]),
            },
            { weight: 1, arbitrary: fc.constant([[`${p.name}[x]`, '1']]) },
          ),
          0.5,
        ),
      ),
      sometimes(
        fc.constantFrom(
          [['__proto__[polluted]', '1']],
          [['constructor[prototype][polluted]', '1']],
          [['__proto__', 'x']],
          [['unknown', 'x']],
          [['a'.repeat(2000), 'b'.repeat(2000)]],
        ),
        0.15,
      ),
    )
    .map((parts) => {
      const pairs = parts.flatMap((part) => (part ?? []) as string[][]);
      return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`;
    });
  const ifMatch = sometimes(IF_MATCH, takesIfMatch ? 0.85 : 0.05);
  // Mostly someone the route lets in, so that requests get past the guard to the code behind it.
  const identity = fc.oneof(
    ...(operation.permitted.length > 0 ? [{ weight: 16, arbitrary: fc.constantFrom(...operation.permitted) }] : []),
    { weight: 6, arbitrary: fc.constantFrom(...IDENTITIES) },
    { weight: 1, arbitrary: fc.constantFrom<Identity>('none', 'garbage', 'forged', 'unsigned') },
  );
  const answers = operation.path.endsWith('/answers') && known.questions.length > 0;
  const body = operation.body
    ? bodyFor(operation.body, resolve, known, answers ? answersBody(known.questions) : undefined)
    : fc.constant(undefined);

  return fc
    .record({ path, query, ifMatch, identity, body, client: CLIENT })
    .map(({ path, query, ifMatch, identity, body, client }): FuzzRequest => ({
      method: operation.method,
      path: `${path}${query}`,
      headers: { 'X-Forwarded-For': client, ...(ifMatch ? { 'If-Match': ifMatch } : {}) },
      identity,
      body: operation.method === 'GET' ? undefined : body,
    }));
}

/** The value with the given chance, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, chance: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: Math.round(chance * 100), arbitrary },
    { weight: Math.round((1 - chance) * 100), arbitrary: fc.constant(undefined) },
  );
}

/** Percent-encoding; an unpaired surrogate (which cannot be encoded) becomes U+FFFD. */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

function pathValue(path: string, param: Parameter, ids: KnownIds): fc.Arbitrary<string> {
  const pool = poolFor(path, param.name, ids);
  const bad = fc.constantFrom(...BAD_IDS);
  const fresh = fc.uuid();
  return pool.length > 0
    ? fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...pool) },
        { weight: 2, arbitrary: bad },
        { weight: 1, arbitrary: fresh },
      )
    : fc.oneof(bad, fresh, fc.nat().map(String));
}

/** Ids that exist for a path parameter, by what the path is about. */
function poolFor(path: string, name: string, ids: KnownIds): string[] {
  if (name === 'riskId') return ids.risks;
  if (name === 'measureId') return ids.measures;
  if (name === 'itemId') return ids.items;
  if (path.startsWith('/users/')) return ids.users;
  if (path.startsWith('/notifications/')) return ids.notifications;
  if (path.startsWith('/records/packages/')) return ids.packages;
  if (/^\/(public\/|records\/)?decisions\//.test(path)) return ids.decisions;
  if (path.startsWith('/assessments/')) return ids.assessments;
  return [];
}

function bodyFor(
  body: { mediaType: string; schema: Schema },
  resolve: (ref: string) => Schema,
  known: KnownValues,
  validBody?: fc.Arbitrary<unknown>,
): fc.Arbitrary<BodySpec> {
  if (body.mediaType === 'multipart/form-data') return multipartBody;
  const valid = validBody ?? valueOf(body.schema, resolve, known);
  const fields = fieldNames(body.schema, resolve);
  const field = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('x');
  return fc.oneof(
    { weight: 10, arbitrary: valid.map((value): BodySpec => ({ kind: 'json', value })) },
    {
      weight: 4,
      arbitrary: fc.tuple(valid, field, wrongValue).map(([value, name, wrong]): BodySpec => ({
        kind: 'json',
        value: isObject(value) ? { ...value, [name]: wrong } : wrong,
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.boolean())
        .map(([value, key, nested]): BodySpec => ({
          kind: 'raw',
          contentType: 'application/json',
          text: withKey(value, key, nested),
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(63, 64, 65, 200, 5_000, 20_000),
          fc.constantFrom<'array' | 'object'>('array', 'object'),
          sometimes(field, 0.5),
        )
        .map(([depth, shape, name]): BodySpec => ({ kind: 'deep', depth, shape, field: name })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          field,
          fc.constantFrom(
            '1e999',
            '-1e999',
            '123456789012345678901234567890',
            '-0',
            '0.0000000000000000000001',
            '9007199254740993',
          ),
        )
        .map(([value, name, number]): BodySpec => ({
          kind: 'raw',
          contentType: 'application/json',
          text: JSON.stringify(isObject(value) ? { ...value, [name]: '@@' } : '@@').replace('"@@"', number),
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(270_000, 1_100_000), field)
        .map(([bytes, name]): BodySpec => ({ kind: 'oversized', bytes, field: name })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            '{',
            '{"a":}',
            'nul',
            '[1,2',
            '\u0000',
            '',
            'null',
            '[]',
            '"text"',
            '42',
            'true',
            '{"a":1}{"b":2}',
            '\ufeff{}',
          ),
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-16',
            'text/plain',
            'application/x-www-form-urlencoded',
          ),
        )
        .map(([text, contentType]): BodySpec => ({ kind: 'raw', text, contentType })),
    },
    {
      weight: 1,
      arbitrary: valid.map((value): BodySpec => ({
        kind: 'raw',
        contentType: 'application/x-www-form-urlencoded',
        text: `${
          isObject(value)
            ? Object.keys(value)
                .map((k) => `${encodeURIComponent(k)}=1`)
                .join('&')
            : 'a=1'
        }&__proto__[polluted]=1`,
      })),
    },
  );
}

const multipartBody: fc.Arbitrary<BodySpec> = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.constant('file') },
      { weight: 1, arbitrary: fc.constantFrom('upload', '', 'file[]', '__proto__') },
    ),
    fc.oneof(
      fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 2000 }),
          fc.string({ maxLength: 2000 }).map((s) => `%PDF-1.7\n${s}\n%%EOF`),
          fc
            .tuple(fc.base64String(), fc.base64String(), fc.base64String())
            .map((parts) => parts.join('.').replace(/[+/=]/g, '_')),
          fc.constantFrom('', 'eyJhbGciOiJFZERTQSJ9.e30.AAAA', '%PDF-'),
        )
        .map((text): Upload => ({ source: 'text', text })),
      fc
        .record({
          source: fc.constantFrom<'pdf' | 'jws'>('pdf', 'jws'),
          flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(255)), {
            maxLength: 4,
          }),
          cutAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 2 }),
        })
        .map((upload): Upload => upload),
    ),
    fc.constantFrom('decision.pdf', 'manifest.jws', '', '../../etc/passwd', 'a\u0000b.pdf'),
  )
  .map(([field, content, filename]) => ({ kind: 'multipart', field, content, filename }));

function fieldNames(schema: Schema, resolve: (ref: string) => Schema): string[] {
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  const parts = s.oneOf ?? s.allOf ?? [s];
  return [...new Set(parts.flatMap((p) => Object.keys((p.$ref ? resolve(p.$ref) : p).properties ?? {})))];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON text with a key JSON.stringify would never write from a plain object (__proto__), at the top or
 * inside "answers"; written last, so that a field of the same name before it does not win.
 */
function withKey(value: unknown, key: string, nested: boolean): string {
  const hostile = `"${key}":{"polluted":true,"isAdmin":true}`;
  const text = JSON.stringify(isObject(value) ? value : {});
  const inner = nested ? `"answers":{${hostile}}` : hostile;
  return text === '{}' ? `{${inner}}` : `${text.slice(0, -1)},${inner}}`;
}

/** The body's bytes and media type, written out now. */
export function materialise(body: BodySpec, samples: Samples): { payload: string | FormData; contentType?: string } {
  switch (body.kind) {
    case 'json':
      return { payload: JSON.stringify(body.value) ?? 'null', contentType: 'application/json' };
    case 'raw':
      return { payload: body.text, contentType: body.contentType };
    case 'deep': {
      const [open, close] = body.shape === 'array' ? ['[', ']'] : ['{"a":', '}'];
      const deep = `${open.repeat(body.depth)}1${close.repeat(body.depth)}`;
      return {
        payload: body.field ? `{${JSON.stringify(body.field)}:${deep}}` : deep,
        contentType: 'application/json',
      };
    }
    case 'oversized':
      return {
        payload: `{${JSON.stringify(body.field)}:"${'a'.repeat(body.bytes)}"}`,
        contentType: 'application/json',
      };
    case 'multipart': {
      const form = new FormData();
      form.append(body.field, new Blob([uploadBytes(body.content, samples)]), body.filename);
      return { payload: form };
    }
  }
}

function uploadBytes(upload: Upload, samples: Samples): Uint8Array | string {
  if (upload.source === 'text') return upload.text;
  const bytes = upload.source === 'pdf' ? samples.pdf.slice() : new TextEncoder().encode(samples.jws);
  for (const [at, byte] of upload.flips) bytes[Math.floor(at * bytes.length)] = byte;
  return upload.cutAt === undefined ? bytes : bytes.subarray(0, Math.floor(upload.cutAt * bytes.length));
}
