import type { INestApplication } from '@nestjs/common';
import type { Request } from 'express';
import request from 'supertest';
import { AccessGuard } from '../src/common/auth/access.guard';
import { ALL_ROLES } from '../src/common/auth/roles';
import { createAssessment, sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { assessmentInApproval } from './support/decisions';
import { createUser, login } from './support/identity';
import { createReviewers } from './support/reviewers';
import { listRoutes, type RouteInfo } from './support/routes';
import { bootTestApp } from './support/test-app';
import { type FormBrowser, formBrowser } from './support/web';

/**
 * Values a crafted request sends where a form field, a path segment or a query parameter is expected. Each is
 * percent-encoded on the way, so the server decodes exactly these: a real NUL byte, a real "../..".
 */
const HOSTILE = ['constructor', '__proto__', 'toString', '\u0000', 'a\u0000b', '../..', 'x'.repeat(3000), ''];

/** Form fields the page forms read; each is sent twice (an array) with the hostile value first. */
const FIELDS = [
  ...['type', 'event', 'action', 'version', 'title', 'department', 'description', 'evidence', 'email', 'password'],
  ...['outcome', 'reason', 'role', 'userId', 'findings', 'displayName', 'roles', 'assignee', 'code', 'q'],
  ...['body', 'questionId', 'parentId', 'page', 'question-0', 'comment-0'],
];

/** Which of the assessments a /pia/:ref route is tried on: the one at the stage where its page shows its form. */
type Stage = 'draft' | 'screening' | 'risk' | 'legal' | 'approval';
function stageFor(path: string): Stage {
  const step = path.split('/')[3] ?? '';
  if (step === 'decide' || step === 'conditions' || step === 'decision') return 'approval';
  if (step === 'legal') return 'legal';
  if (step === 'risk') return 'risk';
  if (['screening', 'assign', 'request-changes', 'complete'].includes(step)) return 'screening';
  return 'draft'; // the status page, its events and withdrawal, the questionnaire and submission: the user's own
}

/**
 * No page request can make the server answer 5xx: every page route, hostile path segments, query parameters and
 * form bodies (repeated names included), sent by a user holding every role, so that AccessGuard lets each request
 * through to the route's own code (checked per request below). Separation of duties would keep an owner out of
 * the review pages, so the reviewer pages get assessments owned by someone else, each at the stage that page
 * serves (an approver's decision in approval, legal counsel's in legal review...).
 */
describe('pages under hostile input', () => {
  let app: INestApplication;
  let everyone: FormBrowser;
  let refs: Record<Stage, string>;
  const guard = AccessGuard.prototype.canActivate;
  let nulReceived = false;

  beforeAll(async () => {
    app = await bootTestApp();
    // Marks each response that AccessGuard let through, and notes a NUL byte decoded into a path or query value.
    jest.spyOn(AccessGuard.prototype, 'canActivate').mockImplementation(async function (this: AccessGuard, context) {
      const admitted = await guard.call(this, context);
      const http = context.switchToHttp();
      const req = http.getRequest<Request>();
      const values = [...Object.values(req.params ?? {}), ...Object.values(req.query ?? {}).flat()];
      if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) nulReceived = true;
      if (admitted)
        http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('x-test-admitted', '1');
      return admitted;
    });
    const people = await createReviewers(app);
    const user = await createUser(app, [...ALL_ROLES], { label: 'everyone' });
    const own = await login(app, user.email, user.password);
    const screening = await submittedAssessment(app, people.owner);
    const risk = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, risk.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    const legal = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, legal.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, people.officer, legal.id);
    await sendEvent(app, people.officer, legal.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    const approval = await assessmentInApproval(app, people);
    refs = {
      draft: (await createAssessment(app, own)).ref,
      screening: screening.ref,
      risk: risk.ref,
      legal: legal.ref,
      approval: approval.ref,
    };
    everyone = await formBrowser(app, user);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it('shows the reviewer pages their forms on the assessments chosen for them', async () => {
    for (const [path, stage] of [
      ['screening', 'screening'],
      ['risk', 'risk'],
      ['legal', 'legal'],
      ['decide', 'approval'],
    ] as const) {
      const res = await request(app.getHttpServer()).get(`/pia/${refs[stage]}/${path}`).set('Cookie', everyone.cookie);
      expect({ path, status: res.status, form: res.text.includes('name="_csrf"') }).toEqual({
        path,
        status: 200,
        form: true,
      });
    }
  });

  it('answers every page route below 500, whatever its path, query and form hold, past the guard', async () => {
    const failures: string[] = [];
    const routes = listRoutes(app).filter((r) => r.webPage && r.key !== 'POST /logout');
    /**
     * `nulAtDoor`: a NUL in the query string or a form body is refused at the door (request-shape middleware: 400,
     * before any guard), so a NUL value goes once into the query and form (that 400 expected) and once into the path
     * only (the handler expected, with "nul" in the query and form). The query's values are cut to 2,000 characters
     * so that two overlong path segments still fit in Node's 16 kB of header.
     */
    const send = async (route: RouteInfo, ref: string, value: string, nulAtDoor = false) => {
      const path = route.path.replace(/:[A-Za-z]+/g, (param) => encodeURIComponent(param === ':ref' ? ref : value));
      const v = value.includes('\u0000') && !nulAtDoor ? 'nul' : value;
      const q = v.slice(0, 2000);
      // The review queue's own filters in place of the others.
      const query =
        route.path === '/review'
          ? { queue: q, department: q, stage: q, page: q, sort: q.slice(0, 99), overdue: q.slice(0, 99) }
          : { done: q, next: `//evil.example/${q}`, page: q, saved: q, since: q.slice(0, 99), q: q.slice(0, 99) };
      const method = route.method.toLowerCase() as 'get';
      let req = request(app.getHttpServer())[method](path).query(query).set('Cookie', everyone.cookie);
      if (route.method === 'POST') {
        const form = FIELDS.map((f) => `${f}=${encodeURIComponent(v)}&${f}=again`).join('&');
        req = req.type('form').send(`_csrf=${everyone.csrf}&${form}&data_inventory.0.name=${encodeURIComponent(v)}`);
      }
      const what = `${route.method} ${path.slice(0, 60)} (${JSON.stringify(value.slice(0, 20))}${nulAtDoor ? ' in the query and form' : ''})`;
      const res = await req.catch((error: Error) => ({ status: error.message, headers: {} as Record<string, string> }));
      if (typeof res.status === 'string' || res.status >= 500) failures.push(`${what}: ${res.status}`);
      else if (nulAtDoor && res.status !== 400) failures.push(`${what}: ${res.status}, not refused at the door`);
      // A route whose path segment is empty is another path (404 from the router): no handler of this route to reach.
      const routable = !nulAtDoor && !path.includes('//') && !path.endsWith('/');
      if (routable && res.headers['x-test-admitted'] !== '1')
        failures.push(`${what}: never got past the guard (${res.status})`);
      const location = res.headers.location as string | undefined;
      if (location && !location.startsWith('/')) failures.push(`${what}: redirects to ${location}`);
    };
    for (const route of routes) {
      // A real ref with hostile everything else, then hostile refs; a route without a ref has only the values.
      const real = HOSTILE.map((value) => ({ ref: refs[stageFor(route.path)], value, nulAtDoor: false }));
      const cases = [
        ...real,
        ...real.filter((c) => c.value.includes('\u0000')).map((c) => ({ ...c, nulAtDoor: true })),
        ...(route.path.includes(':ref') ? HOSTILE.map((value) => ({ ref: value, value, nulAtDoor: false })) : []),
      ];
      // Reads at once; forms on a real assessment one after another (each may change what the next one meets).
      const [serial, parallel] = route.method === 'GET' ? [[], cases] : [real, cases.filter((c) => !real.includes(c))];
      for (const c of serial) await send(route, c.ref, c.value, c.nulAtDoor);
      await Promise.all(parallel.map((c) => send(route, c.ref, c.value, c.nulAtDoor)));
    }
    expect(failures).toEqual([]);
    expect(nulReceived).toBe(true);
  }, 180_000); // about 1,000 requests: some 40 s on a shared CI runner
});
