import pino, { type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config';

/**
 * The process-wide JSON logger. Nest and pino-http log through it, so every line has one shape. The CLI
 * logs to stderr, keeping stdout for its output.
 */
export function createRootLogger(config: AppConfig, destination: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'privacy-review-engine' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination(destination === 'stdout' ? 1 : 2),
  );
}
