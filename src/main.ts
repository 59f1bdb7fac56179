import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app.factory';
import { keepAliveDrain } from './common/http/keep-alive-drain';
import { createRootLogger } from './common/logging/root-logger';
import type { AppConfig } from './config/app-config';
import { ConfigError, loadConfig } from './config/load-config';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';
import { JobQueue } from './jobs/job-queue.service';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Plain text: the logger itself is configured from this environment.
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

/**
 * SIGTERM/SIGINT: stop taking connections, close idle keep-alive ones and answer the rest with
 * `Connection: close`, let in-flight requests finish, then stop the jobs, close the pool and stop the
 * embedded database. A timer bounds the whole drain.
 */
function handleShutdown(app: INestApplication, database: ResolvedDatabase, config: AppConfig, logger: Logger) {
  const drainHttp = keepAliveDrain(app.getHttpServer() as Server);
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.http.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    deadline.unref();
    try {
      await drainHttp();
      await app.close();
      await database.embedded?.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

async function bootstrap() {
  const config = configOrExit();
  const logger = createRootLogger(config);
  let database: ResolvedDatabase | undefined;
  try {
    database = await resolveDatabase(config, logger);
    const app = await createApp({ config, databaseUrl: database.url, logger });
    handleShutdown(app, database, config, logger);
    await app.listen(config.http.port, config.http.host);
    // Only now: an instance that cannot bind its port must exit without having taken a job.
    app.get(JobQueue).startWorkers();
    logger.info({ url: `http://localhost:${config.http.port}`, embeddedDatabase: !!database.embedded }, 'listening');
  } catch (error) {
    logger.fatal({ err: error }, error instanceof Error ? error.message : 'start failed');
    await database?.embedded?.stop();
    process.exit(1);
  }
}

void bootstrap();
