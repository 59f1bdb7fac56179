import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, killStartedServices, type RunningApp, startService, waitReady } from '../support/processes';

export const ADMIN_EMAIL = 'reliability.admin@example.gov';
/** Strong enough for the password policy; the runner's database lives only for the run. */
export const ADMIN_PASSWORD = 'reliability-Admin-0f9c2e7b41';

export interface Instance {
  port: number;
  baseUrl: string;
  app: RunningApp;
}

/**
 * The built service as separate processes on one database, each leading its own process group (so a
 * kill reaches everything it started), sharing one data directory (the same signing keys).
 */
export class Services {
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'pre-reliability-'));

  constructor(private readonly databaseUrl: string) {}

  async start(port?: number): Promise<Instance> {
    const bound = port ?? (await freePort());
    const app = startService(
      {
        DATABASE_URL: this.databaseUrl,
        PORT: String(bound),
        PUBLIC_BASE_URL: `http://127.0.0.1:${bound}`,
        JWT_SECRET: 'reliability-secret-that-is-long-enough-0123456789',
        DATA_DIR: this.dataDir,
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        LOG_LEVEL: process.env.RELIABILITY_LOG_LEVEL ?? 'warn',
        JOB_POLL_SECONDS: '0.5',
        JOB_RETRY_DELAY_SECONDS: '1',
        LOGIN_MAX_FAILURES_PER_IP: '100000',
        // The fuzzer sends 8 requests at once; above that many verification uploads an instance sheds load
        // with 503 on purpose (test/verify-limits covers it), which is not the fault R3 looks for.
        VERIFY_MAX_IN_FLIGHT: '16',
        // The scenarios walk workflow v1's stages (legal review); v2's parallel reviews are e2e-tested on their own.
        WORKFLOW_START_VERSION: 'v1',
      },
      { detached: true },
    );
    await waitReady(bound, app, 60_000);
    return { port: bound, baseUrl: `http://127.0.0.1:${bound}`, app };
  }

  /** kill -9 of the instance's whole process group. */
  async crash(instance: Instance): Promise<void> {
    process.kill(-instance.app.child.pid!, 'SIGKILL');
    await instance.app.exited;
  }

  /** Kills whatever is still running and removes the data directory; synchronous, so it can run on exit. */
  dispose(): void {
    killStartedServices();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
