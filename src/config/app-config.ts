import { join, resolve } from 'node:path';
import type { Role } from '../common/auth/roles';
import type { EnvSchema } from './env.schema';

/** The URL with the password put in, percent-encoded (the URL setter alone would leave a % as it is). */
function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

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
  readonly dataDir: string;
  readonly access: { departmentScopedRoles: Role[] };
  readonly templates: { dir: string; defaultQuestionnaire: string; defaultRiskModel: string };
  readonly jobs: { workers: boolean; pollSeconds: number; retryLimit: number; retryDelaySeconds: number };
  readonly workflow: {
    stageDeadlineDays: Record<string, number>;
    reminderDays: number;
    deadlineScanCron: string;
    /** The machine version new assessments start on; null: the latest registered. */
    startVersion: string | null;
  };
  readonly decisions: {
    organisation: string;
    template: string;
    /** Unset: a development certificate is generated under dataDir/keys. */
    certificate?: { path: string; password: string };
    manifestKeysDir: string;
    verify: { maxPerIp: number; windowSeconds: number; maxInFlight: number };
  };
  readonly records: {
    retentionClass: string;
    retentionYears: number;
    publicBaseUrl: string;
    registerQuestions: string[];
  };
  readonly auth: {
    /** Unset outside production: the identity module generates one under dataDir. */
    jwtSecret?: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    /** Browser sessions: idle and absolute lifetimes; the cookie is Secure in production. */
    session: { idleSeconds: number; maxSeconds: number; secureCookie: boolean };
    throttle: { maxPerAccount: number; maxPerIp: number; windowSeconds: number; lockoutSeconds: number };
    firstAdmin?: { email: string; password: string };
  };

  constructor(env: EnvSchema) {
    this.env = env.NODE_ENV as AppConfig['env'];
    this.http = {
      host: env.HOST,
      port: env.PORT,
      bodyLimit: env.BODY_LIMIT,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    };
    this.database = {
      url: env.DATABASE_URL ? withPassword(env.DATABASE_URL, env.DATABASE_PASSWORD) : undefined,
      poolSize: env.DATABASE_POOL_SIZE,
      embedded: { dir: resolve(env.EMBEDDED_PG_DIR), port: env.EMBEDDED_PG_PORT },
    };
    this.logLevel = env.LOG_LEVEL;
    this.dataDir = resolve(env.DATA_DIR);
    this.access = { departmentScopedRoles: env.DEPARTMENT_SCOPED_ROLES as Role[] };
    this.templates = {
      dir: resolve(env.TEMPLATES_DIR),
      defaultQuestionnaire: env.DEFAULT_QUESTIONNAIRE,
      defaultRiskModel: env.DEFAULT_RISK_MODEL,
    };
    this.jobs = {
      workers: env.JOB_WORKERS === 'true',
      pollSeconds: env.JOB_POLL_SECONDS,
      retryLimit: env.JOB_RETRY_LIMIT,
      retryDelaySeconds: env.JOB_RETRY_DELAY_SECONDS,
    };
    this.workflow = {
      stageDeadlineDays: Object.fromEntries(
        env.STAGE_DEADLINE_DAYS.split(',')
          .map((pair) => pair.split('=').map((part) => part.trim()))
          .map(([stage, days]) => [stage, Number(days)]),
      ),
      reminderDays: env.DEADLINE_REMINDER_DAYS,
      deadlineScanCron: env.DEADLINE_SCAN_CRON,
      startVersion: env.WORKFLOW_START_VERSION || null,
    };
    this.decisions = {
      organisation: env.ORGANISATION_NAME,
      template: env.DOCUMENT_TEMPLATE,
      certificate: env.DOCUMENT_SIGNING_P12
        ? { path: resolve(env.DOCUMENT_SIGNING_P12), password: env.DOCUMENT_SIGNING_P12_PASSWORD ?? '' }
        : undefined,
      manifestKeysDir: resolve(env.MANIFEST_KEYS_DIR ?? join(env.DATA_DIR, 'keys', 'manifest')),
      verify: {
        maxPerIp: env.VERIFY_MAX_PER_IP,
        windowSeconds: env.VERIFY_WINDOW_SECONDS,
        maxInFlight: env.VERIFY_MAX_IN_FLIGHT,
      },
    };
    this.records = {
      retentionClass: env.RETENTION_CLASS,
      retentionYears: env.RETENTION_YEARS,
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      registerQuestions: env.REGISTER_QUESTIONS,
    };
    this.auth = {
      jwtSecret: env.JWT_SECRET,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      session: {
        idleSeconds: env.SESSION_IDLE_MINUTES * 60,
        maxSeconds: env.SESSION_MAX_HOURS * 3600,
        secureCookie: env.NODE_ENV === 'production',
      },
      throttle: {
        maxPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
        lockoutSeconds: env.LOGIN_LOCKOUT_SECONDS,
      },
      firstAdmin:
        env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    };
  }
}
