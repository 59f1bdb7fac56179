import { resolve } from 'node:path';
import type { EnvSchema } from './env.schema';

/** The validated configuration, in the shape the rest of the code uses. Injected by class token. */
export class AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly http: { host: string; port: number; bodyLimit: string; shutdownTimeoutMs: number };
  readonly database: {
    /** Unset means: start the embedded PostgreSQL. */
    url?: string;
    poolSize: number;
    embedded: { dir: string; port: number };
  };
  readonly logLevel: string;

  constructor(env: EnvSchema) {
    this.env = env.NODE_ENV as AppConfig['env'];
    this.http = {
      host: env.HOST,
      port: env.PORT,
      bodyLimit: env.BODY_LIMIT,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    };
    this.database = {
      url: env.DATABASE_URL || undefined,
      poolSize: env.DATABASE_POOL_SIZE,
      embedded: { dir: resolve(env.EMBEDDED_PG_DIR), port: env.EMBEDDED_PG_PORT },
    };
    this.logLevel = env.LOG_LEVEL;
  }
}
