import type { OpenAPIObject } from '@nestjs/swagger';
import { previewOpenApiDocument } from '../../cli/commands/openapi.command';
import { USER_EVENT_TYPES } from '../../workflow/dto/workflow-event.dto';
import { operations } from './openapi-document';

type Schema = { type?: string; items?: Schema; properties?: Record<string, Schema> } & Record<string, unknown>;

/** Every operation as "METHOD /path" with its object. */
function eachOperation(document: OpenAPIObject) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) =>
      item[method] ? [{ name: `${method.toUpperCase()} ${path}`, path, operation: item[method] }] : [],
    ),
  );
}

describe('the OpenAPI document', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await previewOpenApiDocument();
  });

  it('has the routes', () => {
    expect(operations(document).length).toBeGreaterThan(40);
  });

  it('declares every path parameter of every operation', () => {
    const missing = eachOperation(document).flatMap(({ name, path, operation }) => {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'path' ? [p.name] : []));
      return inPath.filter((param) => !declared.includes(param)).map((param) => `${name}: {${param}}`);
    });
    expect(missing).toEqual([]);
  });

  it('gives every operation a 2xx answer with a schema (204 has no body)', () => {
    const untyped = eachOperation(document).flatMap(({ name, operation }) => {
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      const typed = success.some(
        ([status, response]) =>
          status === '204' ||
          Object.values((response && 'content' in response && response.content) || {}).some((media) => media.schema),
      );
      return typed ? [] : [name];
    });
    expect(untyped).toEqual([]);
  });

  it('gives every parameter a type', () => {
    const untyped = eachOperation(document).flatMap(({ name, operation }) =>
      (operation.parameters ?? []).flatMap((p) => {
        const schema = ('schema' in p && p.schema) || {};
        return 'type' in schema || '$ref' in schema ? [] : [`${name}: ${'name' in p ? p.name : '?'}`];
      }),
    );
    expect(untyped).toEqual([]);
  });

  it('gives no property a type it cannot have (an object without shape, an array of arrays)', () => {
    const wrong = Object.entries(document.components?.schemas ?? {}).flatMap(([schemaName, schema]) =>
      Object.entries((schema as Schema).properties ?? {}).flatMap(([property, s]) => {
        const shapeless = s.type === 'object' && !s.properties && !s.additionalProperties && !s.allOf;
        const nested = s.type === 'array' && s.items?.type === 'array';
        return shapeless || nested ? [`${schemaName}.${property}`] : [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('types the workflow event body as one schema per event, told apart by type', () => {
    const body = document.paths['/assessments/{id}/events'].post!.requestBody as {
      content: Record<string, { schema: { oneOf: { $ref: string }[]; discriminator: { mapping: object } } }>;
    };
    const { oneOf, discriminator } = body.content['application/json'].schema;
    expect(Object.keys(discriminator.mapping).sort()).toEqual([...USER_EVENT_TYPES].sort());
    for (const { $ref } of oneOf) {
      const schema = document.components!.schemas![$ref.split('/').pop()!] as Schema;
      const type = schema.properties!.type as { enum: string[] };
      expect(type.enum).toHaveLength(1);
      expect(discriminator.mapping).toHaveProperty(type.enum[0], $ref);
    }
  });
});
