import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';
import { submittedAssessment, treatRisks } from '../support/assessments';
import { bearer, type Session } from '../support/identity';
import { countDocuments, documentsSettle, lostAcks, recomputeChains } from './checks';
import type { RunDatabase } from './database';
import type { Instance, Services } from './services';
import { type Ack, decideOne, type People, remote, runClients } from './workload';

export interface Row {
  name: string;
  ok: boolean;
  figures: string;
}

const CLIENTS = 8;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * R2: kill -9 of the service's process group while 8 clients take assessments to a decision, then a
 * restart. Every acknowledged transition is stored, every chain recomputes, and every decision has
 * exactly one document within 30 s of the restart.
 */
export async function crash(
  services: Services,
  instance: Instance,
  db: RunDatabase,
  people: People,
  round: number,
): Promise<{ row: Row; instance: Instance }> {
  const acks: Ack[] = [];
  const load = runClients(CLIENTS, 1000, () => decideOne(instance.baseUrl, people, acks));
  // Load long enough that decisions are in every stage, bounded.
  const started = Date.now();
  while (Date.now() - started < 20_000 && acks.filter((ack) => ack.type === 'APPROVE').length < 6) await sleep(100);
  await sleep(Math.random() * 500);
  await services.crash(instance);
  const tally = await load.stop();
  // The jobs the dead process held: without their recovery these decisions would wait 15 minutes.
  const held = await db.client.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE state = 'active'`);

  const restartedAt = Date.now();
  const restarted = await services.start(instance.port);
  const readyMs = Date.now() - restartedAt;
  const docs = await documentsSettle(db.client, 30_000 - readyMs);
  const lost = await lostAcks(db.client, acks);
  const chains = await recomputeChains(db.client);
  const after = await countDocuments(db.client);
  const ok =
    lost.length === 0 &&
    chains.broken.length === 0 &&
    docs.withOne === docs.decisions &&
    after.withMore === 0 &&
    readyMs + docs.ms <= 30_000;
  return {
    instance: restarted,
    row: {
      name: `R2 crash ${round}`,
      ok,
      figures:
        `${acks.length} acked transitions (${tally.rounds} decided before the kill; ` +
        `jobs active in it: ${held.rows[0].n}), ${lost.length} lost; ` +
        `${chains.events} events, ${chains.broken.length} broken chains; ${docs.decisions} decisions: ` +
        `${docs.withOne} with one document, ${after.withMore} with more, ` +
        `all within ${seconds(readyMs + docs.ms)} s of the restart (ready in ${seconds(readyMs)} s)`,
    },
  };
}

/** The assessment's version as the service reports it. */
async function versionOf(baseUrl: string, session: Session, id: string): Promise<number> {
  const res = await request(baseUrl).get(`/assessments/${id}`).set(bearer(session)).expect(200);
  return res.body.version as number;
}

/**
 * R6: two instances on one database; at each step of several assessments, two conflicting events with
 * the same If-Match go to different instances at once. Exactly one wins each step.
 */
export async function twoInstances(
  services: Services,
  first: Instance,
  people: People,
  assessments: number,
): Promise<Row> {
  const second = await services.start();
  try {
    const a = remote(first.baseUrl);
    const ids: string[] = [];
    for (let i = 0; i < assessments; i++) ids.push((await submittedAssessment(a, people.owner)).id);

    const steps: {
      actor: keyof People & keyof typeof people;
      events: [object, object];
      before?: (id: string) => Promise<void>;
    }[] = [
      {
        actor: 'officer',
        events: [
          { type: 'CONFIRM_SCREENING', outcome: 'pia' },
          { type: 'CONFIRM_SCREENING', outcome: 'pia' },
        ],
      },
      {
        actor: 'officer',
        before: (id) => treatRisks(a, people.officer, id),
        events: [{ type: 'COMPLETE_RISK_ASSESSMENT' }, { type: 'COMPLETE_RISK_ASSESSMENT' }],
      },
      {
        actor: 'counsel',
        events: [
          { type: 'LEGAL_CLEAR', findings: 'First reading.' },
          { type: 'LEGAL_CLEAR', findings: 'Second reading.' },
        ],
      },
      {
        actor: 'approver',
        events: [
          { type: 'APPROVE', password: people.accounts.approver.password },
          { type: 'REJECT', reason: 'Conflicting decision.', password: people.accounts.approver.password },
        ],
      },
    ];
    let contested = 0;
    let singleWinner = 0;
    const other: Record<string, number> = {};
    for (const step of steps) {
      await Promise.all(
        ids.map(async (id) => {
          await step.before?.(id);
          const version = await versionOf(first.baseUrl, people.owner, id);
          const session = people[step.actor] as Session;
          const answers = await Promise.all(
            [first, second].map((instance, i) =>
              request(instance.baseUrl)
                .post(`/assessments/${id}/events`)
                .set(bearer(session))
                .set('If-Match', `"${version}"`)
                .send(step.events[i])
                .then((res) => res.status),
            ),
          );
          contested += 1;
          if (answers.filter((status) => status === 200).length === 1) singleWinner += 1;
          for (const status of answers.filter((s) => s !== 200)) other[status] = (other[status] ?? 0) + 1;
        }),
      );
    }
    const losers = Object.entries(other)
      .map(([status, n]) => `${n}×${status}`)
      .join(', ');
    const onlyConflicts = Object.keys(other).every((status) => status === '409' || status === '412');
    return {
      name: 'R6 two instances',
      ok: singleWinner === contested && onlyConflicts,
      figures:
        `${assessments} assessments × ${steps.length} steps: ` +
        `${singleWinner} of ${contested} with exactly one winner; ` +
        `losers answered ${losers || 'nothing'}`,
    };
  } finally {
    second.app.child.kill('SIGTERM');
    await second.app.exited;
  }
}

/**
 * R7: every connection the service holds is cut (pg_terminate_backend) under load. It recovers without a
 * restart; only the requests in flight fail, with 503 and Retry-After; a decision made after the cut
 * still gets its document.
 */
export async function droppedConnections(instance: Instance, db: RunDatabase, people: People): Promise<Row> {
  const statuses: Record<string, number> = {};
  let missingRetryAfter = 0;
  let lastFailureAt = 0;
  let firstUnexpected = '';
  const count = (status: number, retryAfter: string | undefined, body?: unknown) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 400 && status !== 503 && !firstUnexpected) firstUnexpected = `${status} ${JSON.stringify(body)}`;
    if (status >= 400) lastFailureAt = Date.now();
    if (status === 503 && !retryAfter) missingRetryAfter += 1;
  };
  const load = runClients(CLIENTS, 10_000, async () => {
    const created = await request(instance.baseUrl)
      .post('/assessments')
      .set(bearer(people.owner))
      .send({ title: 'Dropped connections', department: 'Transportation' });
    count(created.status, created.headers['retry-after'], created.body);
    if (created.status !== 201) return;
    const saved = await request(instance.baseUrl)
      .patch(`/assessments/${created.body.id}/answers`)
      .set(bearer(people.owner))
      .set('If-Match', `"${created.body.version}"`)
      .send({ answers: PARKING_APP_ANSWERS });
    count(saved.status, saved.headers['retry-after'], saved.body);
    const read = await request(instance.baseUrl).get(`/assessments/${created.body.id}`).set(bearer(people.owner));
    count(read.status, read.headers['retry-after'], read.body);
  });
  await sleep(2000);
  const pid = instance.app.child.pid;
  const cutAt = Date.now();
  const cut = await db.client.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  await sleep(4000);
  const tally = await load.stop();

  const acks: Ack[] = [];
  const decidedAfter = await decideOne(instance.baseUrl, people, acks).then(
    () => true,
    () => false,
  );
  const docs = decidedAfter ? await documentsSettle(db.client, 30_000) : undefined;
  const alive = instance.app.child.exitCode === null && instance.app.child.pid === pid;
  const failures = Object.entries(statuses).filter(([status]) => Number(status) >= 400);
  const failed = failures.reduce((sum, [, n]) => sum + n, 0);
  const only503 = failures.every(([status]) => status === '503');
  const recoveredMs = lastFailureAt ? lastFailureAt - cutAt : 0;
  const ok =
    alive &&
    (cut.rowCount ?? 0) > 0 &&
    only503 &&
    missingRetryAfter === 0 &&
    failed <= 2 * CLIENTS &&
    tally.failures === 0 &&
    decidedAfter &&
    docs?.withOne === docs?.decisions;
  return {
    name: 'R7 dropped connections',
    ok,
    figures:
      `${cut.rowCount} connections cut; answers ${Object.entries(statuses)
        .map(([s, n]) => `${n}×${s}`)
        .join(', ')}; ${failed} failed (in flight: ≤ ${2 * CLIENTS}), last ${recoveredMs} ms after the cut; ` +
      `same process: ${alive}; ` +
      `a decision after the cut got its document: ${decidedAfter && docs?.withOne === docs?.decisions}` +
      (firstUnexpected ? `; first other failure: ${firstUnexpected.slice(0, 300)}` : ''),
  };
}

/**
 * SIGTERM while 8 keep-alive clients send requests: every request is answered (none reset), the
 * service exits 0, well within SHUTDOWN_TIMEOUT_MS.
 */
export async function sigterm(instance: Instance, people: People): Promise<Row> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const tally = { answered: 0, connectionClose: 0, refused: 0, failed: [] as string[] };
  let stop = false;
  const get = () =>
    new Promise<void>((done) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: instance.port, path: '/auth/me', agent, headers: bearer(people.owner) },
        (res) => {
          if (res.headers.connection === 'close') tally.connectionClose += 1;
          res.resume();
          res.on('end', () => {
            tally.answered += 1;
            done();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // After the port closes a new connection is refused: a client would go to another instance.
        if (error.code === 'ECONNREFUSED') tally.refused += 1;
        else tally.failed.push(error.code ?? error.message);
        stop = true;
        done();
      });
      req.end();
    });
  const clients = Array.from({ length: CLIENTS }, async () => {
    for (let i = 0; i < 100_000 && !stop; i++) await get();
  });
  await sleep(1500);
  const signalled = Date.now();
  instance.app.child.kill('SIGTERM');
  const code = await Promise.race([instance.app.exited, sleep(30_000).then(() => 'still running')]);
  const ms = Date.now() - signalled;
  stop = true;
  await Promise.all(clients);
  agent.destroy();
  return {
    name: 'SIGTERM under keep-alive load',
    ok: code === 0 && tally.failed.length === 0 && tally.answered > 0,
    figures:
      `exit ${code} after ${ms} ms; ${tally.answered} answered (${tally.connectionClose} with Connection: close), ` +
      `${tally.refused} new connections refused, ${tally.failed.length} reset` +
      (tally.failed.length ? ` (${tally.failed.slice(0, 3).join(', ')})` : ''),
  };
}
