import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { permissionsOf } from '../src/common/auth/permissions';
import { ALL_ROLES, Role } from '../src/common/auth/roles';
import { createUser, createUserAndLogin, login, type Session, type TestUser } from './support/identity';
import { listRoutes, type RouteInfo } from './support/routes';
import { bootTestApp } from './support/test-app';

/**
 * A valid request for every route, so that a permitted caller gets a 2xx. A new route fails this spec
 * until it is added here: every route is in the matrix.
 */
interface Fixture {
  subject: TestUser;
  session: Session;
}
type Sample = (f: Fixture) => { path?: string; query?: Record<string, string>; body?: object };

const SAMPLES: Record<string, Sample> = {
  'GET /health': () => ({}),
  'GET /health/ready': () => ({}),
  'POST /auth/login': (f) => ({ body: { email: f.subject.email, password: f.subject.password } }),
  'POST /auth/refresh': () => ({ body: { refreshToken: 'x'.repeat(43) } }), // public: 401 for a bad token, never 403
  'POST /auth/logout': () => ({ body: { refreshToken: 'y'.repeat(43) } }),
  'GET /auth/me': () => ({}),
  'POST /auth/password': () => ({ body: { currentPassword: 'wrong-on-purpose-1', newPassword: 'x' } }),
  'GET /auth/events': () => ({ query: { pageSize: '1' } }),
  'POST /users': () => ({ body: { email: `m${Date.now()}${Math.random().toString(36).slice(2)}@example.gov`, displayName: 'M', roles: [], password: 'pine-cobalt-harvest-73' } }),
  'GET /users': () => ({ query: { pageSize: '1' } }),
  'GET /users/:id': (f) => ({ path: `/users/${f.subject.id}` }),
  'PATCH /users/:id': (f) => ({ path: `/users/${f.subject.id}`, body: { displayName: 'Renamed' } }),
};

/** Routes whose permitted answer is not 2xx with the sample above, and why. */
const PERMITTED_NON_2XX: Record<string, { status: number; why: string }> = {
  'POST /auth/refresh': { status: 401, why: 'a made-up refresh token is refused; the point is that it is public' },
  'POST /auth/password': { status: 403, why: 're-authentication fails on purpose, so no password changes' },
};

describe('the access matrix: every route × every role, and no token', () => {
  let app: INestApplication;
  let routes: RouteInfo[];
  const sessions = new Map<Role | 'none', Session | undefined>();
  let fixture: Fixture;

  beforeAll(async () => {
    app = await bootTestApp();
    routes = listRoutes(app);
    for (const role of ALL_ROLES) sessions.set(role, (await createUserAndLogin(app, [role], { label: `matrix-${role}` })).session);
    sessions.set('none', undefined);
    const subject = await createUser(app, [Role.ProjectOwner], { label: 'matrix-subject' });
    fixture = { subject, session: await login(app, subject.email, subject.password) };
  });
  afterAll(() => app.close());

  it('knows a sample request for every route', () => {
    expect(routes.map((r) => r.key).filter((key) => !SAMPLES[key])).toEqual([]);
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
        const res = await (sample.body ? req.send(sample.body) : req);

        const allowed = route.isPublic || (who !== 'none' && permissionsOf([who]).has(route.permission!));
        const expected: number | '2xx' = !allowed ? (who === 'none' ? 401 : 403) : (PERMITTED_NON_2XX[route.key]?.status ?? '2xx');
        const actual: number | '2xx' = res.status >= 200 && res.status < 300 ? '2xx' : res.status;
        const forbiddenForTheRightReason =
          !allowed && who !== 'none' ? res.body.type === 'urn:privacy-review:problem:forbidden' : true;
        if (actual !== expected || !forbiddenForTheRightReason) {
          mismatches.push(`${route.key} as ${who}: expected ${expected}, got ${res.status} ${res.body?.type ?? ''}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
