import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * Every environment variable the service reads, with its default. Validated once at boot;
 * a bad value stops the start with a message naming the variable.
 * (class-validator runs decorators bottom-up and we stop at the first failure: type checks go last.)
 */
export class EnvSchema {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @IsString()
  HOST = '0.0.0.0';

  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'must be a whole number' })
  PORT = 3000;

  /** A PostgreSQL server to use. When unset, the embedded default is started instead. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// connection URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @Min(1)
  @Max(200)
  @IsInt({ message: 'must be a whole number' })
  DATABASE_POOL_SIZE = 10;

  @IsString()
  EMBEDDED_PG_DIR = './data/pg';

  @Transform(toInt)
  @Min(1024)
  @Max(65535)
  @IsInt({ message: 'must be a whole number' })
  EMBEDDED_PG_PORT = 54329;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest JSON body accepted, in bytes-package notation (e.g. 100kb, 1mb). */
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 100kb or 1mb' })
  BODY_LIMIT = '256kb';

  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  @Transform(toInt)
  @Min(0)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  SHUTDOWN_TIMEOUT_MS = 10000;
}
