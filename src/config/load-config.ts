import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppConfig } from './app-config';
import { EnvSchema } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(error: ValidationError, given: unknown): string {
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property}=${JSON.stringify(given)}: ${reasons}`;
}

/**
 * Reads and validates the environment. The only place that touches process.env; callers (tests, the
 * CLI) may pass overrides, which win over the environment.
 */
export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  const raw: Record<string, string | undefined> = { ...process.env, ...overrides };
  // Empty strings mean "unset", as they do in most shells and compose files.
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvSchema, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => describe(e, present[e.property])));
  }
  return new AppConfig(env);
}
