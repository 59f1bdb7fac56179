import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { createRootLogger } from '../common/logging/root-logger';
import { loadConfig } from '../config/load-config';
import { resolveDatabase } from '../database/resolve-database';

/**
 * Runs a command inside the application (same modules, same migrations), without HTTP. With DATABASE_URL unset it
 * uses the embedded default: the running service's, or one it starts (and stops) itself. It always shuts down
 * afterwards.
 */
export async function withAppContext<T>(run: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  // Background work (relay, handlers, schedules) belongs to the service, not to a one-off command.
  const config = loadConfig({ JOB_WORKERS: 'false' });
  const logger = createRootLogger(config, 'stderr');
  const database = await resolveDatabase(config, logger, { shareRunning: true });
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.register({ config, databaseUrl: database.url, logger }),
      {
        bufferLogs: true,
      },
    );
    app.useLogger(app.get(PinoNestLogger));
    try {
      return await run(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.embedded?.stop();
  }
}
