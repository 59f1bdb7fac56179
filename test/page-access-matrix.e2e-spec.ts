import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { permissionsOf } from '../src/common/auth/permissions';
import { ALL_ROLES, Role } from '../src/common/auth/roles';
import { createAssessment, submittedAssessment } from './support/assessments';
import { createUser, login, type TestUser } from './support/identity';
import { listRoutes, type RouteInfo } from './support/routes';
import { bootTestApp } from './support/test-app';
import { type FormBrowser, formBrowser } from './support/web';

/**
 * The pages' matrix: every page route × every role, and no session. Pages authenticate by the session cookie
 * (from the sign-in form) and every POST needs the session's CSRF token. A new page route fails this spec
 * until it is added here.
 */
interface Fixture {
  /** Assessments of the matrix's project owner. */
  draft: { ref: string };
  inReview: { ref: string };
}
type Sample = (f: Fixture) => { path?: string; form?: Record<string, string> };

const NOBODY = '00000000-0000-4000-8000-000000000000';

const SAMPLES: Record<string, Sample> = {
  'GET /login': () => ({}),
  'POST /login': () => ({ form: { email: 'nobody@example.gov', password: 'not-a-password' } }),
  'POST /logout': () => ({}),
  'GET /account': () => ({}),
  'POST /account/password': () => ({ form: { currentPassword: 'wrong-on-purpose-1', newPassword: 'x' } }),
  'GET /': () => ({}),
  'GET /inbox': () => ({}),
  'POST /inbox/:id/open': () => ({ path: '/inbox/999999999/open' }),
  // The questionnaire's forms are sent so that they change nothing: an empty title, a stale version, no event.
  'GET /pia/new': () => ({}),
  'POST /pia': () => ({ form: { title: '', department: '' } }),
  'GET /pia/:ref/sections/:sectionId': (f) => ({ path: `/pia/${f.draft.ref}/sections/screening` }),
  'POST /pia/:ref/sections/:sectionId': (f) => ({
    path: `/pia/${f.draft.ref}/sections/screening`,
    form: { version: '0', scale_people: '12' },
  }),
  'GET /pia/:ref/submit': (f) => ({ path: `/pia/${f.draft.ref}/submit` }),
  'POST /pia/:ref/submit': (f) => ({ path: `/pia/${f.draft.ref}/submit`, form: { event: 'NONE' } }),
  // Following an assessment: the samples change nothing (an event not allowed now, a stale version, no such item).
  'GET /pia/:ref': (f) => ({ path: `/pia/${f.inReview.ref}` }),
  'GET /pia/:ref/changes': (f) => ({ path: `/pia/${f.inReview.ref}/changes` }),
  'POST /pia/:ref/events': (f) => ({ path: `/pia/${f.inReview.ref}/events`, form: { type: 'RESUBMIT' } }),
  'GET /pia/:ref/withdraw': (f) => ({ path: `/pia/${f.inReview.ref}/withdraw` }),
  'POST /pia/:ref/withdraw': (f) => ({ path: `/pia/${f.inReview.ref}/withdraw`, form: { version: '0' } }),
  'GET /pia/:ref/conditions': (f) => ({ path: `/pia/${f.inReview.ref}/conditions` }),
  'POST /pia/:ref/conditions/:itemId': (f) => ({
    path: `/pia/${f.inReview.ref}/conditions/00000000-0000-4000-8000-000000000000`,
    form: { evidence: 'Done.' },
  }),
  // Comments: reading, and forms refused so that nothing is written (an empty comment, no such comment or thread).
  'GET /pia/:ref/comments': (f) => ({ path: `/pia/${f.inReview.ref}/comments?question=vendor_name` }),
  'POST /pia/:ref/comments': (f) => ({ path: `/pia/${f.inReview.ref}/comments`, form: { body: '' } }),
  'POST /pia/:ref/comments/:commentId/edit': (f) => ({
    path: `/pia/${f.inReview.ref}/comments/${NOBODY}/edit`,
    form: { body: 'Not saved' },
  }),
  'POST /pia/:ref/comments/threads/:threadId/resolve': (f) => ({
    path: `/pia/${f.inReview.ref}/comments/threads/${NOBODY}/resolve`,
  }),
  'POST /pia/:ref/comments/threads/:threadId/reopen': (f) => ({
    path: `/pia/${f.inReview.ref}/comments/threads/${NOBODY}/reopen`,
  }),
  // The risk register: an assessment still in screening has none yet; each form is refused (an empty reason or
  // title, no such risk or measure), so nothing changes.
  'GET /pia/:ref/risk': (f) => ({ path: `/pia/${f.inReview.ref}/risk` }),
  'POST /pia/:ref/risk/rescore': (f) => ({ path: `/pia/${f.inReview.ref}/risk/rescore`, form: { reason: '' } }),
  'GET /pia/:ref/risk/measures': (f) => ({ path: `/pia/${f.inReview.ref}/risk/measures` }),
  'POST /pia/:ref/risk/measures': (f) => ({ path: `/pia/${f.inReview.ref}/risk/measures`, form: { title: '' } }),
  'GET /pia/:ref/risk/measures/:measureId': (f) => ({
    path: `/pia/${f.inReview.ref}/risk/measures/00000000-0000-4000-8000-000000000000`,
  }),
  'POST /pia/:ref/risk/measures/:measureId': (f) => ({
    path: `/pia/${f.inReview.ref}/risk/measures/00000000-0000-4000-8000-000000000000`,
    form: { title: 'Not saved' },
  }),
  'GET /pia/:ref/risk/:riskId': (f) => ({
    path: `/pia/${f.inReview.ref}/risk/00000000-0000-4000-8000-000000000000`,
  }),
  'POST /pia/:ref/risk/:riskId': (f) => ({
    path: `/pia/${f.inReview.ref}/risk/00000000-0000-4000-8000-000000000000`,
    form: { treatment: 'accepted' },
  }),
  // The approver's decision: the samples meet an assessment in screening, so nothing can be decided or signed.
  'GET /pia/:ref/decide': (f) => ({ path: `/pia/${f.inReview.ref}/decide` }),
  'POST /pia/:ref/decide': (f) => ({
    path: `/pia/${f.inReview.ref}/decide`,
    form: { action: 'review', choice: 'approve' },
  }),
  'POST /pia/:ref/decide/sign': (f) => ({
    path: `/pia/${f.inReview.ref}/decide/sign`,
    form: { choice: 'approve', password: 'not-a-password' },
  }),
  'GET /pia/:ref/decision/document.pdf': (f) => ({ path: `/pia/${f.inReview.ref}/decision/document.pdf` }),
  'GET /pia/:ref/decision/document.html': (f) => ({ path: `/pia/${f.inReview.ref}/decision/document.html` }),
  'GET /pia/:ref/decision/manifest.jws': (f) => ({ path: `/pia/${f.inReview.ref}/decision/manifest.jws` }),
  // The admin's pages: a new user without a name, and changes to a user who does not exist.
  'GET /admin/users': () => ({}),
  'GET /admin/users/new': () => ({}),
  'POST /admin/users': () => ({ form: { displayName: '', email: 'matrix@example.gov', password: '' } }),
  'GET /admin/users/:id': () => ({ path: `/admin/users/${NOBODY}` }),
  'POST /admin/users/:id': () => ({ path: `/admin/users/${NOBODY}`, form: { roles: 'approver' } }),
  'POST /admin/users/:id/deactivate': () => ({ path: `/admin/users/${NOBODY}/deactivate` }),
  'POST /admin/users/:id/reactivate': () => ({ path: `/admin/users/${NOBODY}/reactivate` }),
  'GET /admin/sign-ins': () => ({}),
  // The records pages: reading and downloading change nothing.
  'GET /records': () => ({ path: '/records?outcome=approved' }),
  'GET /records/download.csv': () => ({}),
  'GET /records/download.jsonl': () => ({}),
  'GET /records/archives': () => ({}),
  // A filter the export refuses: no package is made.
  'POST /records/archives': () => ({ form: { outcome: 'not-an-outcome' } }),
  'GET /records/archives/:id': () => ({ path: '/records/archives/00000000-0000-4000-8000-000000000000' }),
  'GET /records/archives/:id/download': () => ({
    path: '/records/archives/00000000-0000-4000-8000-000000000000/download',
  }),
  // Retention: no such decision, and forms without a reason or the typed ref.
  'GET /records/retention': () => ({}),
  'GET /records/retention/:id': () => ({ path: '/records/retention/00000000-0000-4000-8000-000000000000' }),
  'POST /records/retention/:id/hold': () => ({
    path: '/records/retention/00000000-0000-4000-8000-000000000000/hold',
    form: { reason: '' },
  }),
  'POST /records/retention/:id/release': () => ({
    path: '/records/retention/00000000-0000-4000-8000-000000000000/release',
    form: { reason: '' },
  }),
  'GET /records/retention/:id/dispose': () => ({
    path: '/records/retention/00000000-0000-4000-8000-000000000000/dispose',
  }),
  'POST /records/retention/:id/dispose': () => ({
    path: '/records/retention/00000000-0000-4000-8000-000000000000/dispose',
    form: { reason: '', confirm: 'PIA-0000-0000' },
  }),
  // The reviewers' queues and steps: each form is sent so that it changes nothing (a stale version, nothing chosen).
  'GET /review': () => ({ path: '/review?queue=mine&overdue=1&surveillance=1&sort=-deadline&page=2' }),
  'GET /pia/:ref/screening': (f) => ({ path: `/pia/${f.inReview.ref}/screening` }),
  'POST /pia/:ref/screening': (f) => ({
    path: `/pia/${f.inReview.ref}/screening`,
    form: { version: '0', outcome: 'pia' },
  }),
  'GET /pia/:ref/assign': (f) => ({ path: `/pia/${f.inReview.ref}/assign` }),
  'POST /pia/:ref/assign': (f) => ({
    path: `/pia/${f.inReview.ref}/assign`,
    form: { version: '0', role: 'legal_counsel', userId: '00000000-0000-4000-8000-000000000000' },
  }),
  'GET /pia/:ref/request-changes': (f) => ({ path: `/pia/${f.inReview.ref}/request-changes` }),
  'POST /pia/:ref/request-changes': (f) => ({
    path: `/pia/${f.inReview.ref}/request-changes`,
    form: { version: '0', reason: 'Name the recipients.' },
  }),
  'GET /pia/:ref/complete': (f) => ({ path: `/pia/${f.inReview.ref}/complete` }),
  'POST /pia/:ref/complete': (f) => ({ path: `/pia/${f.inReview.ref}/complete`, form: { version: '0' } }),
  'GET /pia/:ref/legal': (f) => ({ path: `/pia/${f.inReview.ref}/legal` }),
  'POST /pia/:ref/legal': (f) => ({ path: `/pia/${f.inReview.ref}/legal`, form: { version: '0', findings: 'None.' } }),
  // Workflow v2's named reviews: the matrix's assessment runs on v1, so each has none (404) and nothing changes.
  'GET /pia/:ref/reviews/:review': (f) => ({ path: `/pia/${f.inReview.ref}/reviews/security` }),
  'POST /pia/:ref/reviews/:review/clear': (f) => ({
    path: `/pia/${f.inReview.ref}/reviews/security/clear`,
    form: { version: '0', findings: 'None.' },
  }),
  'POST /pia/:ref/reviews/:review/request-changes': (f) => ({
    path: `/pia/${f.inReview.ref}/reviews/security/request-changes`,
    form: { version: '0', reason: 'Name the recipients.' },
  }),
  // The public verification page: a form sent without a file verifies nothing.
  'GET /public/verify': () => ({}),
  'POST /public/verify': () => ({ form: {} }),
};

const DENIED = 'which your roles do not grant';

describe('the page matrix: every page route × every role, and no session', () => {
  let app: INestApplication;
  let routes: RouteInfo[];
  const users = new Map<Role, TestUser>();
  let fixture: Fixture;

  /** A browser per role, freshly signed in (the matrix's own sign-out ends the earlier ones), and one signed out. */
  async function browsers(): Promise<Map<Role | 'none', FormBrowser>> {
    const all = new Map<Role | 'none', FormBrowser>();
    for (const [role, user] of users) all.set(role, await formBrowser(app, user));
    all.set('none', await formBrowser(app));
    return all;
  }

  beforeAll(async () => {
    app = await bootTestApp();
    routes = listRoutes(app).filter((r) => r.webPage);
    for (const role of ALL_ROLES) users.set(role, await createUser(app, [role], { label: `pages-${role}` }));
    const owner = users.get(Role.ProjectOwner)!;
    const ownerApi = await login(app, owner.email, owner.password);
    fixture = {
      draft: await createAssessment(app, ownerApi),
      inReview: await submittedAssessment(app, ownerApi),
    };
  });
  afterAll(() => app.close());

  it('knows a sample request for every page route', () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.map((r) => r.key).filter((key) => !SAMPLES[key])).toEqual([]);
  });

  it('sends a signed-out browser to sign in, refuses roles without the permission, and never answers 5xx', async () => {
    const mismatches: string[] = [];
    const signedIn = await browsers();
    // Sign-out last: it ends the sessions the other routes use.
    const ordered = [
      ...routes.filter((r) => r.key !== 'POST /logout'),
      ...routes.filter((r) => r.key === 'POST /logout'),
    ];
    for (const route of ordered) {
      for (const [who, browser] of signedIn) {
        const sample = SAMPLES[route.key](fixture);
        const path = sample.path ?? route.path;
        let req = request(app.getHttpServer())[route.method.toLowerCase() as 'get'](path).set('Cookie', browser.cookie);
        if (route.method === 'POST') req = req.type('form').send({ _csrf: browser.csrf, ...sample.form });
        const res = await req;
        const allowed = route.isPublic || (who !== 'none' && permissionsOf([who]).has(route.permission!));
        const problem = `${route.key} as ${who}: got ${res.status} ${res.headers.location ?? ''}`;
        if (res.status >= 500) mismatches.push(problem);
        else if (!allowed && who === 'none') {
          const toSignIn = res.status === 303 && res.headers.location?.startsWith('/login');
          if (!toSignIn) mismatches.push(`${problem} (expected a redirect to /login)`);
        } else if (!allowed && !(res.status === 403 && res.text.includes(DENIED))) {
          mismatches.push(`${problem} (expected the 403 page)`);
        } else if (allowed && res.text.includes(DENIED)) {
          mismatches.push(`${problem} (expected to be let in)`);
        }
        if (allowed && who !== 'none' && res.status === 200 && res.headers['cache-control'] !== 'no-store')
          mismatches.push(`${problem}: Cache-Control ${res.headers['cache-control'] ?? '(none)'}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses every page POST without the CSRF token, for every role, before anything else happens', async () => {
    const mismatches: string[] = [];
    const signedIn = await browsers();
    for (const route of routes.filter((r) => r.method === 'POST')) {
      for (const [who, browser] of signedIn) {
        if (who === 'none' && !route.isPublic) continue; // sent to sign in first, as above
        const sample = SAMPLES[route.key](fixture);
        const res = await request(app.getHttpServer())
          .post(sample.path ?? route.path)
          .set('Cookie', browser.cookie)
          .type('form')
          .send({ ...sample.form });
        if (res.status !== 403 || !res.text.includes('could not be accepted'))
          mismatches.push(`${route.key} as ${who}: got ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
