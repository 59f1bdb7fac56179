import pino, { type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config';

/** The process-wide JSON logger. Nest and pino-http log through it, so every line has one shape. */
export function createRootLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'privacy-review-engine' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
