import { Transform } from 'class-transformer';
import { Role } from '../common/auth/roles';
import {
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** DATABASE_PASSWORD completes a DATABASE_URL that names no password; it never competes with one. */
@ValidatorConstraint({ name: 'passwordFitsUrl' })
class PasswordFitsUrl implements ValidatorConstraintInterface {
  validate(_: unknown, { object }: ValidationArguments): boolean {
    const url = (object as EnvSchema).DATABASE_URL;
    return url !== undefined && URL.canParse(url) && new URL(url).password === '';
  }
  defaultMessage(): string {
    return 'needs a DATABASE_URL without a password of its own (e.g. postgres://user@host:5432/db)';
  }
}

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

  /**
   * The password for DATABASE_URL, given apart so that it needs no percent-encoding (a password with @, : or /
   * would otherwise break the URL).
   */
  @ValidateIf((env: EnvSchema) => env.DATABASE_PASSWORD !== undefined)
  @Validate(PasswordFitsUrl)
  @IsString()
  DATABASE_PASSWORD?: string;

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

  /** Where the service keeps files of its own (a development JWT secret, keys). */
  @IsString()
  DATA_DIR = './data';

  /**
   * Signs access tokens (HS256). Required in production; elsewhere a random one is generated once and
   * kept under DATA_DIR.
   */
  @ValidateIf((env: EnvSchema) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @MinLength(32, { message: 'must be at least 32 characters (required when NODE_ENV=production)' })
  @IsString({ message: 'must be at least 32 characters (required when NODE_ENV=production)' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @Min(60)
  @Max(3600)
  @IsInt({ message: 'must be a whole number of seconds' })
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @Min(1)
  @Max(90)
  @IsInt({ message: 'must be a whole number of days' })
  REFRESH_TOKEN_TTL_DAYS = 14;

  /** A browser session ends after this long without a request... */
  @Transform(toInt)
  @Min(1)
  @Max(1440)
  @IsInt({ message: 'must be a whole number of minutes' })
  SESSION_IDLE_MINUTES = 30;

  /** ...and this long after sign-in, however busy. */
  @Transform(toInt)
  @Min(1)
  @Max(72)
  @IsInt({ message: 'must be a whole number of hours' })
  SESSION_MAX_HOURS = 10;

  /** Failed logins allowed per account (and per client IP) within the window before a lockout. */
  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'must be a whole number' })
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'must be a whole number' })
  LOGIN_MAX_FAILURES_PER_IP = 20;

  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'must be a whole number of seconds' })
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'must be a whole number of seconds' })
  LOGIN_LOCKOUT_SECONDS = 900;

  /** Verification uploads (the public POST /decisions/verify) accepted per client address per window. */
  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'must be a whole number' })
  VERIFY_MAX_PER_IP = 20;

  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'must be a whole number of seconds' })
  VERIFY_WINDOW_SECONDS = 60;

  /** Verification uploads one instance holds at once; each is held in memory whole (up to 8 MiB). */
  @Transform(toInt)
  @Min(1)
  @IsInt({ message: 'must be a whole number' })
  VERIFY_MAX_IN_FLIGHT = 4;

  /** With ADMIN_PASSWORD: the first administrator, created at boot when no active admin exists. */
  @ValidateIf((env: EnvSchema) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsEmail({}, { message: 'must be an e-mail address (ADMIN_EMAIL and ADMIN_PASSWORD go together)' })
  ADMIN_EMAIL?: string;

  @ValidateIf((env: EnvSchema) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'must be set together with ADMIN_EMAIL' })
  ADMIN_PASSWORD?: string;

  /** Roles that reach only assessments of their own department (comma-separated), e.g. "privacy_officer". */
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean)
      : value,
  )
  @IsIn(Object.values(Role), { each: true, message: `each role must be one of: ${Object.values(Role).join(', ')}` })
  @IsArray()
  DEPARTMENT_SCOPED_ROLES: string[] = [];

  /** Questionnaire templates (questionnaires/*.json), risk models and document templates live here. */
  @IsString()
  TEMPLATES_DIR = './templates';

  /** The questionnaire a new assessment uses when none is named. */
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'must be a questionnaire id such as city-pia' })
  DEFAULT_QUESTIONNAIRE = 'city-pia';

  /** Days each review stage may take before DEADLINE_PASSED, as stage=days pairs. */
  @Matches(
    /^(\s*(screening|risk_assessment|legal_review|review|approval)=\d{1,3}\s*)(,\s*(screening|risk_assessment|legal_review|review|approval)=\d{1,3}\s*)*$/,
    {
      message: 'must be stage=days pairs, e.g. screening=5,risk_assessment=10,legal_review=10,review=10,approval=5',
    },
  )
  STAGE_DEADLINE_DAYS = 'screening=5,risk_assessment=10,legal_review=10,review=10,approval=5';

  /**
   * The workflow machine version new assessments start on; empty: the latest. Assessments keep the version they
   * started on whatever this says, so a city can hold new assessments on v1 until its security and equity
   * reviewers are set up, and the test suite keeps exercising v1 (test/support/test-app.ts).
   */
  @IsIn(['', 'v1', 'v2'], { message: 'must be v1, v2 or empty (the latest)' })
  WORKFLOW_START_VERSION = '';

  /** After a passed deadline, days until the next reminder (the second escalates). */
  @Transform(toInt)
  @Min(1)
  @Max(60)
  @IsInt({ message: 'must be a whole number of days' })
  DEADLINE_REMINDER_DAYS = 2;

  /** How often the deadline job looks for passed deadlines (pg-boss cron, minute resolution). */
  @Matches(/^(\S+\s+){4}\S+$/, { message: 'must be a cron expression with five fields' })
  DEADLINE_SCAN_CRON = '* * * * *';

  /** Whether this process runs background work (outbox relay, job handlers, schedules). The CLI does not. */
  @IsIn(['true', 'false'])
  JOB_WORKERS = 'true';

  /** Seconds between polls of the job queue and the outbox. */
  @Transform(({ value }) => (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value))
  @Min(0.5)
  @Max(60)
  @IsNumber({}, { message: 'must be a number of seconds (0.5 or more)' })
  JOB_POLL_SECONDS = 1;

  /** A failed job is retried this many times, with backoff starting at JOB_RETRY_DELAY_SECONDS. */
  @Transform(toInt)
  @Min(0)
  @Max(50)
  @IsInt({ message: 'must be a whole number' })
  JOB_RETRY_LIMIT = 8;

  @Transform(toInt)
  @Min(1)
  @Max(3600)
  @IsInt({ message: 'must be a whole number of seconds' })
  JOB_RETRY_DELAY_SECONDS = 5;

  /** The risk model new scorings use (its latest version). */
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'must be a risk model id such as city-default' })
  DEFAULT_RISK_MODEL = 'city-default';

  /** Who the engine speaks for: the signer of decision documents, the author in their metadata. */
  @MinLength(2)
  @IsString()
  ORGANISATION_NAME = 'City Privacy Office';

  /**
   * The organisation's certificate and key for PAdES signatures (a PKCS#12 file). When unset, a
   * development certificate is generated under DATA_DIR/keys and the service warns in its log and /health.
   */
  @IsOptional()
  @IsString()
  DOCUMENT_SIGNING_P12?: string;

  @IsOptional()
  @IsString()
  DOCUMENT_SIGNING_P12_PASSWORD?: string;

  /** Ed25519 keys that sign decision manifests (JWS), one PEM file per key; the newest signs. */
  @IsOptional()
  @IsString()
  MANIFEST_KEYS_DIR?: string;

  /** The document template new decision documents use (its latest version). */
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'must be a document template id such as decision' })
  DOCUMENT_TEMPLATE = 'decision';

  /** The records retention class every decision gets, as the records schedule names it. */
  @MinLength(2)
  @IsString()
  RETENTION_CLASS = 'Privacy impact assessment decisions: retain 6 years after the decision, then destroy';

  /** Years after the decision until the disposition date. */
  @Transform(toInt)
  @Min(1)
  @Max(100)
  @IsInt({ message: 'must be a whole number of years' })
  RETENTION_YEARS = 6;

  /**
   * Where the public reaches this service; the open data register links documents with it. Unset: this machine
   * on PORT (http://localhost:<PORT>).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http(s) URL such as https://privacy.example.gov' })
  PUBLIC_BASE_URL?: string;

  /** Questions whose answers the public register shows (when their disclosure tag is public), comma-separated. */
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((q) => q.trim())
          .filter(Boolean)
      : value,
  )
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { each: true, message: 'each must be a question id such as abstract_purpose' })
  @IsArray()
  REGISTER_QUESTIONS: string[] = ['abstract_purpose', 'abstract_summary'];
}
