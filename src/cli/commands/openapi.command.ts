import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../../app.module';
import { createRootLogger } from '../../common/logging/root-logger';
import { buildOpenApiDocument } from '../../common/openapi/openapi-document';
import { loadConfig } from '../../config/load-config';

/**
 * The document the service serves, built without running it: Nest's preview mode reads the routes and
 * their decorators without creating any provider, so no database is started, needed or touched.
 */
export async function previewOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({ JOB_WORKERS: 'false' });
  const app = await NestFactory.create(
    AppModule.register({
      config,
      databaseUrl: config.database.url ?? 'postgres://not-connected-in-preview',
      logger: createRootLogger(config, 'stderr'),
    }),
    { preview: true, logger: false },
  );
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

export async function openapi(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  const json = `${JSON.stringify(await previewOpenApiDocument(), null, 2)}\n`;
  if (values.out) await writeFile(values.out, json);
  // main() exits as soon as this resolves: wait until a pipe has taken the whole document.
  else await new Promise<void>((resolve, reject) => process.stdout.write(json, (e) => (e ? reject(e) : resolve())));
  return 0;
}
