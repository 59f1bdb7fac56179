import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { permissionsOf } from '../src/common/auth/permissions';
import { ALL_ROLES, Role } from '../src/common/auth/roles';
import { PARKING_APP_ANSWERS } from './fixtures/city-pia-answers';
import { createAssessment, saveAnswers, sendEvent, submittedAssessment } from './support/assessments';
import { decidedAssessment, decisionWhen } from './support/decisions';
import { createUser, createUserAndLogin, type Session, type TestUser } from './support/identity';
import { listRoutes, type RouteInfo } from './support/routes';
import { bootTestApp } from './support/test-app';

/**
 * A valid request for every route, so that a permitted caller gets a 2xx. A new route fails this spec
 * until it is added here: every route is in the matrix.
 */
interface Fixture {
  subject: TestUser;
  /** Assessments of the matrix's project owner: a draft, a complete draft, and one in screening. */
  draft: { id: string; version: number };
  complete: { id: string; version: number };
  inReview: { id: string };
  /** One in the risk stage, with a risk, a measure, an action item, and a comment thread its owner opened. */
  inRisk: { id: string; riskId: string; measureId: string; itemId: string; threadId: string; commentId: string };
  /** One approved, with its decision document issued. */
  decided: { id: string; decisionId: string };
}
type Sample = (f: Fixture) => {
  path?: string;
  query?: Record<string, string>;
  body?: object;
  headers?: Record<string, string>;
};

const SAMPLES: Record<string, Sample> = {
  'GET /health': () => ({}),
  'GET /health/ready': () => ({}),
  'POST /auth/login': (f) => ({ body: { email: f.subject.email, password: f.subject.password } }),
  'POST /auth/refresh': () => ({ body: { refreshToken: 'x'.repeat(43) } }), // public: 401 for a bad token, never 403
  'POST /auth/logout': () => ({ body: { refreshToken: 'y'.repeat(43) } }),
  'GET /auth/me': () => ({}),
  'POST /auth/password': () => ({ body: { currentPassword: 'wrong-on-purpose-1', newPassword: 'x' } }),
  'GET /auth/events': () => ({ query: { pageSize: '1' } }),
  'POST /users': () => ({
    body: {
      email: `m${Date.now()}${Math.random().toString(36).slice(2)}@example.gov`,
      displayName: 'M',
      roles: [],
      password: 'pine-cobalt-harvest-73',
    },
  }),
  'GET /users': () => ({ query: { pageSize: '1' } }),
  'GET /users/:id': (f) => ({ path: `/users/${f.subject.id}` }),
  'PATCH /users/:id': (f) => ({ path: `/users/${f.subject.id}`, body: { displayName: 'Renamed' } }),
  'POST /assessments': () => ({ body: { title: 'Matrix', department: 'IT' } }),
  'GET /assessments': () => ({ query: { pageSize: '1' } }),
  'GET /assessments/:id': (f) => ({ path: `/assessments/${f.inReview.id}` }),
  'GET /assessments/:id/questionnaire': (f) => ({ path: `/assessments/${f.inReview.id}/questionnaire` }),
  'GET /assessments/:id/revisions': (f) => ({ path: `/assessments/${f.inReview.id}/revisions` }),
  'GET /assessments/:id/changes': (f) => ({
    path: `/assessments/${f.inReview.id}/changes`,
    query: { since: 'cycle:1' },
  }),
  'PATCH /assessments/:id/answers': (f) => ({
    path: `/assessments/${f.draft.id}/answers`,
    headers: { 'If-Match': `"${f.draft.version}"` },
    body: { answers: { vendor_name: 'Matrix' } },
  }),
  'POST /assessments/:id/events': (f) => ({
    path: `/assessments/${f.inReview.id}/events`,
    body: { type: 'REQUEST_CHANGES', reason: 'matrix' },
  }),
  'GET /assessments/:id/actions': (f) => ({ path: `/assessments/${f.inReview.id}/actions` }),
  'GET /assessments/:id/events': (f) => ({ path: `/assessments/${f.inReview.id}/events` }),
  'GET /assessments/:id/events/verify': (f) => ({ path: `/assessments/${f.inReview.id}/events/verify` }),
  'GET /workflow': () => ({}),
  'GET /notifications': () => ({}),
  'GET /assessments/:id/risk': (f) => ({ path: `/assessments/${f.inRisk.id}/risk` }),
  'GET /assessments/:id/risk/heatmap.svg': (f) => ({ path: `/assessments/${f.inRisk.id}/risk/heatmap.svg` }),
  'POST /assessments/:id/risk/rescore': (f) => ({
    path: `/assessments/${f.inRisk.id}/risk/rescore`,
    body: { reason: 'matrix' },
  }),
  'PUT /assessments/:id/risks/:riskId': (f) => ({
    path: `/assessments/${f.inRisk.id}/risks/${f.inRisk.riskId}`,
    body: { status: 'open' },
  }),
  'GET /assessments/:id/risks/:riskId/history': (f) => ({
    path: `/assessments/${f.inRisk.id}/risks/${f.inRisk.riskId}/history`,
  }),
  'POST /assessments/:id/measures': (f) => ({
    path: `/assessments/${f.inRisk.id}/measures`,
    body: { title: 'Matrix', riskIds: [f.inRisk.riskId] },
  }),
  'PATCH /assessments/:id/measures/:measureId': (f) => ({
    path: `/assessments/${f.inRisk.id}/measures/${f.inRisk.measureId}`,
    body: { status: 'in_progress' },
  }),
  'GET /assessments/:id/action-items': (f) => ({ path: `/assessments/${f.inRisk.id}/action-items` }),
  'POST /assessments/:id/action-items': (f) => ({
    path: `/assessments/${f.inRisk.id}/action-items`,
    body: { text: 'Matrix' },
  }),
  'PATCH /assessments/:id/action-items/:itemId': (f) => ({
    path: `/assessments/${f.inRisk.id}/action-items/${f.inRisk.itemId}`,
    body: { status: 'open' },
  }),
  'GET /assessments/:id/comments': (f) => ({ path: `/assessments/${f.inRisk.id}/comments` }),
  'POST /assessments/:id/comments': (f) => ({
    path: `/assessments/${f.inRisk.id}/comments`,
    body: { questionId: 'vendor_name', body: 'Matrix' },
  }),
  'PATCH /assessments/:id/comments/:commentId': (f) => ({
    path: `/assessments/${f.inRisk.id}/comments/${f.inRisk.commentId}`,
    body: { body: 'Matrix, edited' },
  }),
  'POST /assessments/:id/comments/threads/:threadId/resolve': (f) => ({
    path: `/assessments/${f.inRisk.id}/comments/threads/${f.inRisk.threadId}/resolve`,
  }),
  'POST /assessments/:id/comments/threads/:threadId/reopen': (f) => ({
    path: `/assessments/${f.inRisk.id}/comments/threads/${f.inRisk.threadId}/reopen`,
  }),
  'POST /notifications/:id/read': () => ({ path: '/notifications/999999999/read' }),
  'GET /assessments/:id/decision': (f) => ({ path: `/assessments/${f.decided.id}/decision` }),
  'GET /decisions/:id': (f) => ({ path: `/decisions/${f.decided.decisionId}` }),
  'GET /decisions/:id/document.pdf': (f) => ({ path: `/decisions/${f.decided.decisionId}/document.pdf` }),
  'GET /decisions/:id/document.html': (f) => ({ path: `/decisions/${f.decided.decisionId}/document.html` }),
  'GET /decisions/:id/manifest.jws': (f) => ({ path: `/decisions/${f.decided.decisionId}/manifest.jws` }),
  'POST /decisions/:id/corrections': (f) => ({
    path: `/decisions/${f.decided.decisionId}/corrections`,
    body: { reason: 'matrix' },
  }),
  'POST /decisions/verify': () => ({ body: { file: 'not an upload' } }),
  'GET /.well-known/jwks.json': () => ({}),
  'GET /records/decisions.jsonl': () => ({ query: { to: '2000-01-01' } }),
  'GET /records/decisions.csv': () => ({ query: { to: '2000-01-01' } }),
  'GET /records/due-for-disposition': () => ({ query: { pageSize: '1' } }),
  'POST /records/decisions/:id/legal-hold': (f) => ({
    path: `/records/decisions/${f.decided.decisionId}/legal-hold`,
    body: { reason: 'matrix' },
  }),
  'POST /records/decisions/:id/legal-hold/release': (f) => ({
    path: `/records/decisions/${f.decided.decisionId}/legal-hold/release`,
    body: { reason: 'matrix' },
  }),
  'POST /records/packages': () => ({ body: { filter: { to: '2000-01-01' } } }),
  'GET /records/packages/:id': () => ({ path: '/records/packages/00000000-0000-4000-8000-000000000000' }),
  'GET /records/packages/:id/download': () => ({
    path: '/records/packages/00000000-0000-4000-8000-000000000000/download',
  }),
  'GET /public/register': () => ({ query: { pageSize: '1' } }),
  'GET /public/register.json': () => ({}),
  'GET /public/register.csv': () => ({}),
  'GET /public/decisions/:id/document.html': (f) => ({
    path: `/public/decisions/${f.decided.decisionId}/document.html`,
  }),
  'GET /public/decisions/:id/manifest.jws': (f) => ({ path: `/public/decisions/${f.decided.decisionId}/manifest.jws` }),
  'POST /records/decisions/:id/disposition': (f) => ({
    path: `/records/decisions/${f.decided.decisionId}/disposition`,
    body: { reason: 'matrix' },
  }),
};

/** Permitted callers whose answer is not 2xx with the sample above, and why. */
const PERMITTED_NON_2XX: Record<string, { status: number; roles?: Role[]; why: string }[]> = {
  'POST /auth/refresh': [{ status: 401, why: 'a made-up refresh token is refused; the point is that it is public' }],
  'POST /auth/password': [{ status: 403, why: 're-authentication fails on purpose, so no password changes' }],
  'GET /assessments/:id': [
    { status: 404, roles: [Role.RecordsOfficer], why: 'records officers reach decided assessments only' },
  ],
  'GET /assessments/:id/questionnaire': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/revisions': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/changes': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/actions': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/events': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/events/verify': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'POST /notifications/:id/read': [{ status: 404, why: "a notification that is not the caller's" }],
  'POST /decisions/verify': [{ status: 400, why: 'a JSON body carries no file; the point is that it is public' }],
  'GET /records/packages/:id': [
    { status: 404, why: "a package is seen only by whoever asked for it; the sample is nobody's" },
  ],
  'GET /records/packages/:id/download': [{ status: 404, why: 'as above' }],
  'POST /records/decisions/:id/disposition': [{ status: 409, why: 'a decision made today is not due for disposition' }],
  'GET /assessments/:id/risk': [
    { status: 404, roles: [Role.RecordsOfficer], why: 'records officers reach decided assessments only' },
  ],
  'GET /assessments/:id/risk/heatmap.svg': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/risks/:riskId/history': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/action-items': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'GET /assessments/:id/comments': [{ status: 404, roles: [Role.RecordsOfficer], why: 'as above' }],
  'PATCH /assessments/:id/comments/:commentId': [
    {
      status: 403,
      roles: [Role.PrivacyOfficer, Role.LegalCounsel, Role.Approver, Role.SecurityReviewer, Role.EquityReviewer],
      why: 'only its author edits a comment',
    },
  ],
  'POST /assessments/:id/comments/threads/:threadId/resolve': [
    {
      status: 403,
      roles: [Role.LegalCounsel, Role.Approver, Role.SecurityReviewer, Role.EquityReviewer],
      why: 'whoever opened a thread resolves it, or the privacy office',
    },
  ],
  'POST /assessments/:id/comments/threads/:threadId/reopen': [
    {
      status: 403,
      roles: [Role.LegalCounsel, Role.Approver, Role.SecurityReviewer, Role.EquityReviewer],
      why: 'as above',
    },
  ],
  'POST /assessments/:id/events': [
    { status: 403, roles: [Role.ProjectOwner], why: 'REQUEST_CHANGES needs a reviewer permission (checked per event)' },
    {
      status: 409,
      roles: [Role.LegalCounsel, Role.Approver, Role.SecurityReviewer, Role.EquityReviewer],
      why: 'the privacy officer already sent it back; it is no longer in their stage',
    },
    { status: 404, roles: [Role.RecordsOfficer], why: 'records officers reach decided assessments only' },
  ],
};

describe('the access matrix: every route × every role, and no token', () => {
  let app: INestApplication;
  let routes: RouteInfo[];
  const sessions = new Map<Role | 'none', Session | undefined>();
  let fixture: Fixture;

  beforeAll(async () => {
    app = await bootTestApp();
    routes = listRoutes(app).filter((r) => !r.webPage); // pages have their own matrix (page-access-matrix)
    for (const role of ALL_ROLES)
      sessions.set(role, (await createUserAndLogin(app, [role], { label: `matrix-${role}` })).session);
    sessions.set('none', undefined);
    const subject = await createUser(app, [Role.ProjectOwner], { label: 'matrix-subject' });
    const owner = sessions.get(Role.ProjectOwner)!;
    const draft = await createAssessment(app, owner);
    const filled = await createAssessment(app, owner);
    const complete = {
      id: filled.id,
      version: (await saveAnswers(app, owner, filled.id, 1, PARKING_APP_ANSWERS)).version,
    };
    const officer = sessions.get(Role.PrivacyOfficer)!;
    const risky = await submittedAssessment(app, owner);
    await sendEvent(app, officer, risky.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    const http = () => request(app.getHttpServer());
    const [risk] = (
      await http().get(`/assessments/${risky.id}/risk`).set('Authorization', `Bearer ${officer.accessToken}`)
    ).body.risks;
    const measure = (
      await http()
        .post(`/assessments/${risky.id}/measures`)
        .set('Authorization', `Bearer ${officer.accessToken}`)
        .send({ title: 'M', riskIds: [risk.id] })
    ).body;
    const item = (
      await http()
        .post(`/assessments/${risky.id}/action-items`)
        .set('Authorization', `Bearer ${officer.accessToken}`)
        .send({ text: 'I' })
    ).body;
    const thread = (
      await http()
        .post(`/assessments/${risky.id}/comments`)
        .set('Authorization', `Bearer ${owner.accessToken}`)
        .send({ body: 'The matrix thread' })
    ).body;
    const reviewers = {
      owner,
      officer,
      counsel: sessions.get(Role.LegalCounsel)!,
      approver: sessions.get(Role.Approver)!,
    };
    const decided = await decidedAssessment(app, reviewers);
    const decision = await decisionWhen(app, owner, decided.id);
    fixture = {
      subject,
      draft,
      complete,
      inReview: await submittedAssessment(app, owner),
      inRisk: {
        id: risky.id,
        riskId: risk.id,
        measureId: measure.id,
        itemId: item.id,
        threadId: thread.id,
        commentId: thread.comments[0].id,
      },
      decided: { id: decided.id, decisionId: decision.id },
    };
  });
  afterAll(() => app.close());

  it('knows a sample request for every route', () => {
    expect(routes.map((r) => r.key).filter((key) => !SAMPLES[key])).toEqual([]);
  });

  it('marks the public routes that hand out tokens as never stored', () => {
    expect(routes.filter((r) => r.isPublic && r.noStore).map((r) => r.key)).toEqual([
      'POST /auth/login',
      'POST /auth/refresh',
    ]);
  });

  it('leaves public routes the caching they choose', async () => {
    const res = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
  });

  it('has every non-public route declare a permission', () => {
    expect(routes.filter((r) => !r.isPublic && !r.permission).map((r) => r.key)).toEqual([]);
  });

  it('answers each caller as the permission map says', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const [who, session] of sessions) {
        const sample = SAMPLES[route.key](fixture);
        let req = request(app.getHttpServer())[route.method.toLowerCase() as 'get'](sample.path ?? route.path);
        if (session) req = req.set('Authorization', `Bearer ${session.accessToken}`);
        if (sample.query) req = req.query(sample.query);
        if (sample.headers) req = req.set(sample.headers);
        const res = await (sample.body ? req.send(sample.body) : req);

        const allowed = route.isPublic || (who !== 'none' && permissionsOf([who]).has(route.permission!));
        const exception = PERMITTED_NON_2XX[route.key]?.find((e) => !e.roles || e.roles.includes(who as Role));
        const expected: number | '2xx' = !allowed ? (who === 'none' ? 401 : 403) : (exception?.status ?? '2xx');
        const actual: number | '2xx' = res.status >= 200 && res.status < 300 ? '2xx' : res.status;
        const forbiddenForTheRightReason =
          !allowed && who !== 'none' ? res.body.type === 'urn:privacy-review:problem:forbidden' : true;
        if (actual !== expected || !forbiddenForTheRightReason) {
          mismatches.push(`${route.key} as ${who}: expected ${expected}, got ${res.status} ${res.body?.type ?? ''}`);
        }
        // Whatever a token opens (and the tokens themselves) is never stored by a browser or a proxy.
        const mustNotStore = allowed && (!route.isPublic || route.noStore);
        if (mustNotStore && res.headers['cache-control'] !== 'no-store') {
          mismatches.push(`${route.key} as ${who}: Cache-Control ${res.headers['cache-control'] ?? '(none)'}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
