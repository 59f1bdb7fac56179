import fc from 'fast-check';
import {
  CURRENT_VERSION,
  type FuzzRequest,
  materialise,
  type OpenApiDocument,
  operationsOf,
  requestsFor,
} from './fuzz-requests';
import { FuzzWorld } from './fuzz-setup';

export interface FuzzOptions {
  baseUrl: string;
  adminEmail: string;
  adminPassword: string;
  /** At least this many requests are sent, spread over every operation of the document. */
  requests: number;
  /** The same seed generates the same requests (ids the run creates differ, the choices among them do not). */
  seed?: number;
  log?: (line: string) => void;
}

export interface FuzzResult {
  sent: number;
  /** By status code, plus "network-error" and "timeout" for requests that got no answer. */
  statusCounts: Record<string, number>;
  /** Every answer >= 500, and every request that got no answer at all (status 0), with the request. */
  serverErrors: Array<{ method: string; path: string; status: number; body: string }>;
}

const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 30_000;
/** The whole run stops sending after this long, whatever is left; `sent` then says how far it got. */
const RUN_TIMEOUT_MS = 20 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * R3: requests generated with fast-check from the service's own OpenAPI document, against a running
 * service on this machine. Every operation gets its share; path, query, header and body values range
 * from valid to hostile (wrong types, NUL, edge numbers, __proto__ keys, weak and strong If-Match,
 * bodies nested 5,000 levels, bodies past the size limit). Nothing may answer 500 or more.
 *
 * It logs in as the admin and creates an account per role and a few assessments through the API; its
 * failed logins can lock the client address out of /auth/login for LOGIN_LOCKOUT_SECONDS.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? (() => undefined);
  const base = new URL(options.baseUrl);
  if (!LOOPBACK.has(base.hostname)) throw new Error(`fuzz: ${options.baseUrl} is not a loopback address`);
  const baseUrl = base.origin;
  const seed = options.seed ?? 20_261_203;

  const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenApiDocument;
  const world = await FuzzWorld.create(baseUrl, options.adminEmail, options.adminPassword, log);
  const known = {
    uuids: Object.values(world.ids).flat(),
    passwords: world.passwords,
    questions: world.questions,
  };
  const operations = operationsOf(document);
  // Operations that take a body have more to get wrong: they get twice the share of those that do not.
  const shares = operations.map((operation) => (operation.body ? 2 : 1));
  const perShare = options.requests / shares.reduce((a, b) => a + b, 0);
  const requests = operations.flatMap((operation, i) =>
    fc.sample(requestsFor(operation, document, known, world.ids), {
      seed: seed + i,
      numRuns: Math.ceil(perShare * shares[i]),
    }),
  );
  shuffle(requests, seed);
  log(
    `fuzz: ${requests.length} requests over ${operations.length} operations (seed ${seed}), ${CONCURRENCY} at a time`,
  );

  const result: FuzzResult = { sent: 0, statusCounts: {}, serverErrors: [] };
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let next = 0;
  const worker = async () => {
    while (next < requests.length && Date.now() < deadline) {
      const request = requests[next++];
      const { status, body } = await send(baseUrl, world, request);
      result.sent++;
      const key = status === 0 ? body.split(':')[0] : String(status);
      result.statusCounts[key] = (result.statusCounts[key] ?? 0) + 1;
      if (status >= 500 || status === 0) {
        result.serverErrors.push({ method: request.method, path: request.path, status, body: body.slice(0, 2000) });
        log(`fuzz: ${request.method} ${request.path.slice(0, 200)} → ${status || body}`);
      }
      if (result.sent % 1000 === 0) log(`fuzz: ${result.sent} sent, ${result.serverErrors.length} server errors`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (result.sent < requests.length) log(`fuzz: stopped after ${RUN_TIMEOUT_MS / 60_000} minutes`);
  log(`fuzz: ${result.sent} sent: ${JSON.stringify(result.statusCounts)}`);
  return result;
}

async function send(
  baseUrl: string,
  world: FuzzWorld,
  request: FuzzRequest,
): Promise<{ status: number; body: string }> {
  // Everything here talks to the service (a refresh, a version read): no answer at all is a result too.
  try {
    const headers: Record<string, string> = { ...request.headers };
    const authorization = await world.authorization(request.identity);
    if (authorization) headers.Authorization = authorization;
    if (headers['If-Match'] === CURRENT_VERSION) {
      const assessment = /^\/assessments\/([0-9a-f-]{36})\//.exec(request.path)?.[1];
      headers['If-Match'] = assessment ? await world.currentVersion(assessment) : '"1"';
    }
    const body = request.body && materialise(request.body, world.samples);
    if (body?.contentType) headers['Content-Type'] = body.contentType;
    const res = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body: body?.payload,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const cause = error instanceof Error ? String((error.cause as Error | undefined)?.message ?? error.message) : '';
    return { status: 0, body: `${timedOut ? 'timeout' : 'network-error'}: ${cause}` };
  }
}

/** Fisher–Yates with fast-check's own generator, so that operations interleave the same way for a seed. */
function shuffle<T>(items: T[], seed: number): void {
  const order = fc.sample(fc.array(fc.nat(), { minLength: items.length, maxLength: items.length }), {
    seed,
    numRuns: 1,
  })[0];
  for (let i = items.length - 1; i > 0; i--) {
    const j = order[i] % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
