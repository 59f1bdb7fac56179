import { spawn } from 'node:child_process';
import { MAIN_JS } from './processes';

const CLI_JS = MAIN_JS.replace(/main\.js$/, 'cli/main.js');

/** Runs the built CLI against a database, as `npm run cli -- …` would. */
export function runCli(
  args: string[],
  databaseUrl: string,
  stdin = '',
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_JS, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
