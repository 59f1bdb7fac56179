import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { httpLogger } from './common/logging/http-logger';
import { buildOpenApiDocument } from './common/openapi/openapi-document';
import { requestShape } from './common/validation/request-shape.middleware';
import { mountAssets } from './web/assets';

/** Builds the fully configured application; main.ts and the e2e tests both use it, so they test the same thing. */
export async function createApp(options: AppModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false, // reject instead of exiting, so the caller can stop the embedded database and report
  });
  app.useLogger(app.get(PinoNestLogger));
  app.use(httpLogger(options.logger));
  app.useBodyParser('json', { limit: options.config.http.bodyLimit });
  // The pages' forms: flat names (the page controllers read "inventory.3.name" themselves), so no nesting to bound.
  app.useBodyParser('urlencoded', { limit: options.config.http.bodyLimit, extended: false, parameterLimit: 5000 });
  app.use(requestShape);
  app.use(helmet());
  app.set('trust proxy', 'loopback');
  mountAssets(app, options.config.templates.dir);

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });

  try {
    await app.init();
  } catch (error) {
    // A bootstrap hook failed (say, the first admin's password breaks the policy): release the pool and
    // the job queue that started before it, then report.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
