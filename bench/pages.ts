import { Client } from 'pg';
import { PARKING_APP_ANSWERS } from '../test/fixtures/city-pia-answers';
import { freshDatabase, percentile, startService } from './support';

/**
 * Page speed, through the running service on loopback (so the figures are the server's time plus a local
 * round trip), signed in with a browser session:
 * - the questionnaire pages of a fully answered city-pia assessment (the parking app: every section on its path,
 *   data inventory included), each section in turn;
 * - "My work" for a project owner, with 10,000 assessments in the database (BENCH_PAGES_ASSESSMENTS), 400 of them
 *   this owner's in every stage;
 * - the risk register of an assessment in risk assessment, for its privacy officer: 12 risks (the city model's),
 *   20 measures linking them, half the risks treated;
 * - the records officer's decisions list (/records) with 100,000 decisions in the database (BENCH_PAGES_DECISIONS):
 *   the first page, a department's, an outcome over a date range, and a page deep in the list, each with its total.
 * Target: p95 under 50 ms for each. Prints figures; never fails.
 */
const ASSESSMENTS = Number(process.env.BENCH_PAGES_ASSESSMENTS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_PAGES_REQUESTS ?? 400);
const OWNER = { email: 'bench.owner@example.gov', password: 'bench-owner-passphrase-2026' };
const OFFICER = { email: 'bench.officer@example.gov', password: 'bench-officer-passphrase-2026' };
const ADMIN = { email: 'bench.admin@example.gov', password: 'bench-admin-passphrase-2026' };
const DECISIONS = Number(process.env.BENCH_PAGES_DECISIONS ?? 100_000);
const RECORDS = { email: 'bench.records@example.gov', password: 'bench-records-passphrase-2026' };
const STATES = ['draft', 'changes_requested', 'screening', 'risk_assessment', 'approval', 'remediation', 'approved'];

async function api<T = Record<string, never>>(
  base: string,
  path: string,
  token: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body ? (path.endsWith('/answers') ? 'PATCH' : 'POST') : 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function send(base: string, method: string, path: string, token: string, body: object, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/**
 * A parking-app assessment submitted, its screening confirmed by a privacy officer (so its 12 risks are scored),
 * 20 measures each treating two or three risks, and half the risks treated; returns its ref.
 */
async function riskRegister(base: string, admin: string, ownerToken: string): Promise<string> {
  await api(base, '/users', admin, {
    ...OFFICER,
    displayName: 'Bench Officer',
    department: 'Privacy',
    roles: ['privacy_officer'],
  });
  const officer = await token(base, OFFICER);
  const a = await api<{ id: string; ref: string; version: number }>(base, '/assessments', ownerToken, {
    title: 'Curb-space sensors',
    department: 'Transportation',
  });
  const saved = await api<{ version: number }>(
    base,
    `/assessments/${a.id}/answers`,
    ownerToken,
    { answers: PARKING_APP_ANSWERS },
    { 'If-Match': `"${a.version}"` },
  );
  await send(
    base,
    'POST',
    `/assessments/${a.id}/events`,
    ownerToken,
    { type: 'SUBMIT' },
    { 'If-Match': `"${saved.version}"` },
  );
  await send(base, 'POST', `/assessments/${a.id}/events`, officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
  const register = await api<{ risks: { id: string }[] }>(base, `/assessments/${a.id}/risk`, officer);
  const ids = register.risks.map((r) => r.id);
  for (let i = 0; i < 20; i++) {
    await send(base, 'POST', `/assessments/${a.id}/measures`, officer, {
      title: `Bench measure ${i + 1}`,
      description: 'Keyed hashes replace plates after a day; access is logged and reviewed monthly.',
      riskIds: [ids[i % ids.length], ids[(i + 1) % ids.length], ...(i % 2 ? [ids[(i + 5) % ids.length]] : [])],
      dueDate: '2027-06-30',
    });
  }
  for (const id of ids.slice(0, ids.length / 2)) {
    const justification = { justification: 'Measured after the measures are in place.' };
    await send(base, 'PUT', `/assessments/${a.id}/risks/${id}`, officer, {
      treatment: 'reduced',
      residual: { severity: { value: 1, ...justification }, likelihood: { value: 2, ...justification } },
    });
  }
  return a.ref;
}

async function token(base: string, who: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(who),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Signs in through the sign-in form, as a browser does, and returns the session cookie. */
async function browserSession(base: string, who: { email: string; password: string }): Promise<string> {
  const form = await fetch(`${base}/login`);
  const binding = form.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: binding.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, ...who }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('session='));
  if (!session) throw new Error(`sign-in failed: ${res.status}`);
  return session.split(';')[0];
}

/** The owner's 400 in every stage, and the rest of the city's spread over 50 other owners; straight into the tables. */
async function seed(url: string, ownerId: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`
      INSERT INTO users (id, email, display_name, password_hash)
        SELECT md5('u' || i)::uuid, 'bench.user' || i || '@example.gov', 'Bench user ' || i, 'x' FROM generate_series(1, 50) i;
      INSERT INTO assessments (id, ref, title, department, owner_id, questionnaire_id, questionnaire_version, state, version,
                               answers, machine_version, snapshot, created_at, updated_at, stage_deadline_at)
        SELECT md5('a' || i)::uuid, 'PIA-2020-' || lpad(i::text, 6, '0'), 'Bench assessment ' || i, 'Dept ' || (i % 20),
               CASE WHEN i <= 400 THEN '${ownerId}'::uuid ELSE md5('u' || (1 + i % 50))::uuid END,
               'city-pia', 1, (ARRAY['${STATES.join("','")}'])[1 + i % ${STATES.length}], 3, '{}', 'v1', '{}',
               now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval,
               CASE WHEN i % ${STATES.length} IN (2, 3, 4) THEN now() + ((i % 20) - 5 || ' days')::interval END
          FROM generate_series(1, ${ASSESSMENTS}) i;
      INSERT INTO action_items (assessment_id, source, text, due_date)
        SELECT a.id, 'manual', 'Bench condition', (now() + ((n % 30) - 10 || ' days')::interval)::date
          FROM assessments a, generate_series(1, 3) n WHERE a.state = 'remediation';
      ANALYZE;`);
  } finally {
    await db.end();
  }
}

/**
 * DECISIONS decided assessments straight into the tables, one statement per table from generate_series (their events
 * and decisions chained through RETURNING, no join back): one decision a minute from 2019-01-01, twenty departments,
 * the four outcomes, each with one signed document's hashes and retention dates.
 */
async function seedDecisions(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const started = performance.now();
    await db.query(`
      INSERT INTO signing_keys (kid, purpose, public_jwk) VALUES ('bench-manifest', 'manifest', '{}'), ('bench-document', 'document', '{}');
      INSERT INTO users (id, email, display_name, password_hash)
        VALUES ('00000000-0000-4000-8000-00000000d0d0', 'bench.decided@example.gov', 'Bench Decided Owner', 'x');
      INSERT INTO assessments (id, ref, title, department, owner_id, questionnaire_id, questionnaire_version, state, version,
                               answers, machine_version, snapshot, created_at, updated_at)
        SELECT md5('r' || i)::uuid, 'PIA-2019-' || lpad(i::text, 6, '0'), 'Bench decision ' || i, 'Dept ' || (i % 20),
               '00000000-0000-4000-8000-00000000d0d0', 'city-pia', 1,
               (ARRAY['approved', 'remediation', 'rejected', 'closed_not_required'])[1 + i % 4], 7, '{}', 'v1', '{}',
               timestamptz '2019-01-01' + (i || ' minutes')::interval, now()
          FROM generate_series(1, ${DECISIONS}) i;
      WITH events AS (
        INSERT INTO assessment_events (assessment_id, seq, type, from_state, to_state, payload, machine_version, at, prev_hash, hash)
          SELECT md5('r' || i)::uuid, 1, 'APPROVE', 'approval', 'approved', '{}', 'v1', timestamptz '2019-01-01' + (i || ' minutes')::interval,
                 repeat('0', 64), encode(sha256(('e' || i)::bytea), 'hex')
            FROM generate_series(1, ${DECISIONS}) i
        RETURNING id, assessment_id, at)
      INSERT INTO decisions (id, assessment_id, event_id, cycle, outcome, decided_at, status, retention_class, disposition_date)
        SELECT md5('d' || assessment_id::text)::uuid, assessment_id, id, 1,
               (ARRAY['approved', 'remediation', 'rejected', 'closed_not_required'])[1 + (id % 4)::int], at, 'issued',
               'Bench class', (at + interval '6 years')::date
          FROM events;
      INSERT INTO decision_documents (decision_id, version, template_id, template_version, pdf, pdf_sha256, html, html_sha256,
                                      manifest_jws, manifest_kid, certificate_kid, last_event_hash)
        SELECT id, 1, 'decision', 1, '\\x00', encode(sha256(('p' || id::text)::bytea), 'hex'), '<p>',
               encode(sha256(('h' || id::text)::bytea), 'hex'), 'x.y.z', 'bench-manifest', 'bench-document', repeat('0', 64)
          FROM decisions;
      ANALYZE;`);
    console.log(`seeded ${DECISIONS} decisions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.end();
  }
}

async function timed(base: string, cookie: string, paths: string[], requests = REQUESTS): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const path = paths[i % paths.length];
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { Cookie: cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path} → ${res.status}`);
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b);
}

const figures = (ms: number[]) =>
  `p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms (${ms.length} requests)`;

async function main(): Promise<void> {
  const db = await freshDatabase('bench_pages');
  const service = await startService({
    DATABASE_URL: db.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });
  const base = `http://127.0.0.1:${service.port}`;
  try {
    const admin = await token(base, ADMIN);
    const owner = await api<{ id: string }>(base, '/users', admin, {
      ...OWNER,
      displayName: 'Bench Owner',
      department: 'Transportation',
      roles: ['project_owner'],
    });
    const ownerToken = await token(base, OWNER);
    const created = await api<{ id: string; ref: string; version: number }>(base, '/assessments', ownerToken, {
      title: 'Pay-by-phone parking',
      department: 'Transportation',
    });
    await api(
      base,
      `/assessments/${created.id}/answers`,
      ownerToken,
      { answers: PARKING_APP_ANSWERS },
      { 'If-Match': `"${created.version}"` },
    );
    const view = await api<{ sections: { id: string; visible: boolean }[] }>(
      base,
      `/assessments/${created.id}/questionnaire`,
      ownerToken,
    );
    const sections = (view.sections as { id: string; visible?: boolean }[])
      .filter((s) => s.visible !== false)
      .map((s) => s.id);
    const riskRef = await riskRegister(base, admin, ownerToken);
    await api(base, '/users', admin, {
      ...RECORDS,
      displayName: 'Bench Records',
      department: 'Records',
      roles: ['records_officer'],
    });
    await seed(db.url, owner.id);
    await seedDecisions(db.url);
    const cookie = await browserSession(base, OWNER);
    const recordsCookie = await browserSession(base, RECORDS);

    await timed(base, cookie, ['/']); // warm-up: connections, view caches, the JIT
    const work = await timed(base, cookie, ['/']);
    const pages = sections.map((s) => `/pia/${created.ref}/sections/${s}`);
    await timed(base, cookie, pages);
    const questionnaire = await timed(base, cookie, pages);
    const lists = {
      'the first page': ['/records'],
      "a department's first page": ['/records?department=Dept%207'],
      'an outcome over a date range': ['/records?outcome=rejected&from=2019-01-20&to=2019-02-20'],
      'page 200 (rows 4,976 to 5,000)': ['/records?page=200'],
    };
    await timed(base, recordsCookie, Object.values(lists).flat());
    const records: [string, number[]][] = [];
    for (const [what, paths] of Object.entries(lists))
      records.push([what, await timed(base, recordsCookie, paths, REQUESTS / 4)]);
    console.log(`"My work" with ${ASSESSMENTS} assessments in the database: ${figures(work)}`);
    console.log(
      `questionnaire pages of a fully answered city-pia (${sections.length} sections): ${figures(questionnaire)}`,
    );
    const officerCookie = await browserSession(base, OFFICER);
    await timed(base, officerCookie, [`/pia/${riskRef}/risk`]);
    const register = await timed(base, officerCookie, [`/pia/${riskRef}/risk`]);
    console.log(`the risk register (12 risks, 20 measures) for its privacy officer: ${figures(register)}`);
    for (const [what, ms] of records) console.log(`records list with ${DECISIONS} decisions, ${what}: ${figures(ms)}`);
    console.log('target: p95 under 50 ms for each');
  } finally {
    await service.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
