import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemView } from './problem.response';

const PROBLEM_JSON = 'application/problem+json';

/**
 * The OpenAPI document, served at /docs-json and written by `npm run cli -- openapi` (which needs no
 * database). Routes declare their own parameters, bodies and answers; this adds what holds for all.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Privacy Review Engine')
    .setDescription('Privacy impact assessments: intake, screening, risk, review, signed decisions and records.')
    .setVersion('0.1.0')
    .addServer('/', 'This service')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'POST /auth/login' })
    .build();
  config.info.license = { name: 'UNLICENSED' }; // as package.json says; there is no licence text to link
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemView],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  for (const operation of operations(document)) {
    // Every route's query and JSON body pass the request-shape check first (NUL, nesting depth, __proto__).
    operation.responses['400'] ??= {
      description: 'The request is malformed or a field is invalid; errors name each one. Nothing was changed.',
      content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemView' } } },
    };
  }
  return document;
}

export function operations(document: OpenAPIObject) {
  return Object.values(document.paths).flatMap((item) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => (item[method] ? [item[method]] : [])),
  );
}
