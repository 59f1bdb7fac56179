/**
 * bench/transitions: N concurrent clients drive assessments through the whole lifecycle over HTTP
 * (real JWTs, the built service in its own process, real PostgreSQL), then pgbench runs TPC-B with the
 * same client count on the same server. Prints transitions/s, latency percentiles and the ratio.
 *
 *   npm run bench:transitions    (BENCH_CLIENTS=8, BENCH_ASSESSMENTS=1000, BENCH_PGBENCH_SECONDS=20 by default)
 *
 * Drafts are created and filled before the clock starts, and risks are treated between the two timed
 * legs, so only the five transitions SUBMIT … APPROVE are timed.
 */
import { PARKING_APP_ANSWERS } from '../test/fixtures/city-pia-answers';
import { freshDatabase, percentile, pgbenchTps, startService } from './support';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ASSESSMENTS = Number(process.env.BENCH_ASSESSMENTS ?? 1000);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 20);
const ADMIN = { email: 'bench.admin@example.gov', password: 'bench-admin-passphrase-2026' };

async function main() {
  const db = await freshDatabase('bench_transitions');
  const service = await startService({
    DATABASE_URL: db.url,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // The bench walks workflow v1's stages (legal review), as its earlier results did.
    WORKFLOW_START_VERSION: 'v1',
  });
  const base = `http://127.0.0.1:${service.port}`;
  const call = async (
    method: string,
    path: string,
    token?: string,
    body?: object,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = async (email: string, password: string) =>
    (await call('POST', '/auth/login', undefined, { email, password })).accessToken as string;

  try {
    const admin = await login(ADMIN.email, ADMIN.password);
    const people: Record<string, string> = {};
    for (const role of ['project_owner', 'privacy_officer', 'legal_counsel', 'approver']) {
      const email = `bench.${role}@example.gov`;
      await call('POST', '/users', admin, {
        email,
        displayName: role,
        roles: [role],
        password: 'bench-user-passphrase-2026',
      });
      people[role] = await login(email, 'bench-user-passphrase-2026');
    }
    // The lifecycle in two timed legs. Between them (untimed) the privacy officer treats every risk,
    // as the risk stage requires: that is register work, not transitions.
    const legs: [string, object][][] = [
      [
        ['project_owner', { type: 'SUBMIT' }],
        ['privacy_officer', { type: 'CONFIRM_SCREENING', outcome: 'pia' }],
      ],
      [
        ['privacy_officer', { type: 'COMPLETE_RISK_ASSESSMENT' }],
        ['legal_counsel', { type: 'LEGAL_CLEAR' }],
        ['approver', { type: 'APPROVE', password: 'bench-user-passphrase-2026' }],
      ],
    ];

    // Filled-in drafts are made before the clock starts: the bench measures transitions, not intake.
    let drafts: { id: string; version: number }[] = [];
    let requested = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (requested++ < ASSESSMENTS) {
          const created = await call('POST', '/assessments', people.project_owner, {
            title: 'Bench',
            department: 'IT',
          });
          const saved = await call(
            'PATCH',
            `/assessments/${created.id}/answers`,
            people.project_owner,
            { answers: PARKING_APP_ANSWERS },
            { 'if-match': `"${created.version}"` },
          );
          drafts.push({ id: created.id, version: saved.version });
        }
      }),
    );

    const latencies: number[] = [];
    let elapsedMs = 0;
    const timedLeg = async (steps: [string, object][]) => {
      const queue = [...drafts];
      const done: typeof drafts = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let item = queue.pop(); item; item = queue.pop()) {
            let version = item.version;
            for (const [role, event] of steps) {
              const t0 = performance.now();
              version = (
                await call('POST', `/assessments/${item.id}/events`, people[role], event, {
                  'if-match': `"${version}"`,
                })
              ).version;
              latencies.push(performance.now() - t0);
            }
            done.push({ id: item.id, version });
          }
        }),
      );
      elapsedMs += performance.now() - started;
      drafts = done;
    };

    await timedLeg(legs[0]);
    const untreated = [...drafts];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let item = untreated.pop(); item; item = untreated.pop()) {
          const { risks } = await call('GET', `/assessments/${item.id}/risk`, people.privacy_officer);
          for (const [i, risk] of (risks as { id: string }[]).entries()) {
            const value = i === 0 ? 3 : 1; // one high residual risk: legal review is required
            await call('PUT', `/assessments/${item.id}/risks/${risk.id}`, people.privacy_officer, {
              treatment: 'accepted',
              residual: { severity: { value, justification: 'bench' }, likelihood: { value, justification: 'bench' } },
            });
          }
        }
      }),
    );
    await timedLeg(legs[1]);
    const lifecycles = drafts.length;
    const elapsed = elapsedMs / 1000;
    await service.stop();

    latencies.sort((a, b) => a - b);
    const rate = latencies.length / elapsed;
    console.log(
      `transitions: ${latencies.length} in ${elapsed.toFixed(1)} s with ${CLIENTS} clients (${lifecycles} full lifecycles)`,
    );
    console.log(`  ${rate.toFixed(1)} transitions/s`);
    console.log(
      `  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );

    const tps = await pgbenchTps(CLIENTS, PGBENCH_SECONDS);
    if (tps === undefined) console.log('pgbench: not installed; no ratio');
    else
      console.log(
        `pgbench TPC-B: ${tps.toFixed(1)} tps with ${CLIENTS} clients; ratio transitions/s ÷ tps = ${(rate / tps).toFixed(2)}`,
      );
  } finally {
    if (service.child.exitCode === null) await service.stop();
    await db.drop();
  }
}

void main();
