import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { createAssessment, submittedAssessment } from './support/assessments';
import { createUser, login } from './support/identity';
import { listRoutes } from './support/routes';
import { bootTestApp } from './support/test-app';
import { type FormBrowser, formBrowser } from './support/web';

/** Values a crafted request sends where a form field, a path segment or a query parameter is expected. */
const HOSTILE = ['constructor', '__proto__', 'toString', '%00', '..%2F..', 'x'.repeat(3000), ''];

/**
 * No page request can make the server answer 5xx: every page route, signed in as a project owner who is also a
 * privacy officer and a records officer (who reaches the most pages), with hostile path segments, query parameters
 * and form bodies (repeated names included).
 */
describe('pages under hostile input', () => {
  let app: INestApplication;
  let owner: FormBrowser;
  let refs: string[];

  beforeAll(async () => {
    app = await bootTestApp();
    const user = await createUser(app, [Role.ProjectOwner, Role.PrivacyOfficer, Role.RecordsOfficer]);
    const api = await login(app, user.email, user.password);
    refs = [(await createAssessment(app, api)).ref, (await submittedAssessment(app, api)).ref];
    owner = await formBrowser(app, user);
  });
  afterAll(() => app.close());

  it('answers every page route below 500, whatever its path, query and form hold', async () => {
    const failures: string[] = [];
    const routes = listRoutes(app).filter((r) => r.webPage && r.key !== 'POST /logout');
    // Real refs with hostile everything else, then hostile refs.
    const cases = [
      ...refs.flatMap((ref) => HOSTILE.map((value) => ({ ref, value }))),
      ...HOSTILE.map((value) => ({ ref: value, value })),
    ];
    for (const route of routes) {
      for (const { ref, value } of cases) {
        const path = route.path.replace(/:[A-Za-z]+/g, (param) => encodeURIComponent(param === ':ref' ? ref : value));
        // The review queue's own filters in place of the others: all of them at full length would pass 16 kB of header.
        const query =
          route.path === '/review'
            ? {
                queue: value,
                department: value,
                stage: value,
                page: value,
                sort: value.slice(0, 99),
                overdue: value.slice(0, 99),
              }
            : { done: value, next: `//evil.example/${value}`, page: value, saved: value };
        const send = request(app.getHttpServer())[route.method.toLowerCase() as 'get'];
        let req = send(path).query(query).set('Cookie', owner.cookie);
        if (route.method === 'POST') {
          const fields = [
            'type',
            'event',
            'version',
            'title',
            'department',
            'description',
            'evidence',
            'email',
            'password',
            'outcome',
            'reason',
            'role',
            'userId',
            'findings',
          ];
          const form = fields.map((f) => `${f}=${encodeURIComponent(value)}&${f}=again`).join('&');
          req = req.type('form').send(`_csrf=${owner.csrf}&${form}&data_inventory.0.name=${encodeURIComponent(value)}`);
        }
        const res = await req;
        const what = `${route.method} ${path.slice(0, 60)} (${value.slice(0, 20)})`;
        if (res.status >= 500) failures.push(`${what}: ${res.status}`);
        const location = res.headers.location as string | undefined;
        if (location && !location.startsWith('/')) failures.push(`${what}: redirects to ${location}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
