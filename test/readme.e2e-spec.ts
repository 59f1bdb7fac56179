import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { EVENT_PAYLOADS, USER_EVENT_TYPES } from '../src/workflow/dto/workflow-event.dto';
import { sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { listRoutes } from './support/routes';
import { bootTestApp } from './support/test-app';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const METHOD = '(?:GET|POST|PUT|PATCH|DELETE)';

/** Every `METHOD /path` (or `POST/PATCH /path`) the README names, as "METHOD /path" with the query left out. */
function namedRoutes(markdown: string): string[] {
  const named = new Set<string>();
  for (const [, methods, path] of markdown.matchAll(
    new RegExp(`\\b(${METHOD}(?:/${METHOD})*) ((?:/|…|\\.\\.\\.)[^\\s\`,)]*)`, 'g'),
  ))
    for (const method of methods.split('/')) named.add(`${method} ${path.split('?')[0]}`);
  return [...named];
}

/** Parameter names do not matter: /users/:id and /users/:userId are one route. */
const shape = (route: string) => route.replace(/:[A-Za-z]+/g, ':param');

/** The README's events table: each event and the payload fields its third column names (as `name`: or `name?`:). */
function eventsTable(markdown: string): Map<string, string[]> {
  const table = /^\| event \| who, and when \| payload .*\n((?:\|.*\n)+)/m.exec(markdown)?.[1] ?? '';
  const rows = [...table.matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| ([^\n]+) \|$/gm)];
  return new Map(rows.map(([, type, payload]) => [type, [...payload.matchAll(/`([a-zA-Z]+)\??`:/g)].map((m) => m[1])]));
}

/** The fields an event's DTO accepts at the top level, besides `type`. */
function payloadFields(type: keyof typeof EVENT_PAYLOADS): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EVENT_PAYLOADS[type], '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].filter((name) => name !== 'type').sort();
}

/** The README's JavaScript recipe for the event chain, run as an outsider would run it. */
function readmeChainRecipe() {
  const section = README.slice(README.indexOf('### The event chain'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('the README has no ```js block under "### The event chain"');
  return new Function('require', `${code}\nreturn { fromApi, checkChain };`)(require) as {
    fromApi: (assessmentId: string, event: unknown) => unknown;
    checkChain: (events: unknown[]) => string;
  };
}

describe('the README', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await bootTestApp();
  });
  afterAll(() => app.close());

  it('names only routes the service serves, each with its full path', () => {
    const served = new Set(listRoutes(app).map((r) => shape(r.key)));
    const named = namedRoutes(README);
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((route) => !served.has(shape(route)))).toEqual([]);
  });

  it('names only npm scripts that package.json has', () => {
    const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const named = [...new Set([...README.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]))];
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((script) => !(script in scripts))).toEqual([]);
  });

  it('lists every event a person may send, with exactly the payload fields it takes', () => {
    const table = eventsTable(README);
    expect([...table.keys()].sort()).toEqual([...USER_EVENT_TYPES].sort());
    for (const type of USER_EVENT_TYPES) {
      expect({ type, fields: [...new Set(table.get(type))].sort() }).toEqual({ type, fields: payloadFields(type) });
    }
  });

  describe('its event-chain recipe, with nothing of the project but HTTP', () => {
    let owner: Session;
    let officer: Session;
    let approver: Session;
    let assessmentId: string;
    const events = async () =>
      (await request(app.getHttpServer()).get(`/assessments/${assessmentId}/events`).set(bearer(owner)).expect(200))
        .body as Record<string, unknown>[];

    beforeAll(async () => {
      const session = async (role: Role) => (await createUserAndLogin(app, [role])).session;
      [owner, officer, approver] = [
        await session(Role.ProjectOwner),
        await session(Role.PrivacyOfficer),
        await session(Role.Approver),
      ];
      const assessment = await submittedAssessment(app, owner, { title: 'Zählung – Fußgänger «Altstadt» 🚶' });
      assessmentId = assessment.id;
      await sendEvent(app, officer, assessmentId, { type: 'CONFIRM_SCREENING', outcome: 'sir', reason: 'Kameras: ja' });
      await treatRisks(app, officer, assessmentId, 'low');
      await sendEvent(app, officer, assessmentId, { type: 'COMPLETE_RISK_ASSESSMENT' });
      await sendEvent(app, approver, assessmentId, {
        type: 'APPROVE',
        reason: 'Approved, with a condition.',
        conditions: [{ text: 'Löschfrist: 30 Tage, "strict"\n', dueDate: '2027-06-30' }],
      });
    });

    it('recomputes the chain of GET /assessments/:id/events to the hash the service verifies', async () => {
      const { fromApi, checkChain } = readmeChainRecipe();
      const body = await events();
      expect(body.map((e) => e.type)).toEqual([
        'CREATED',
        'SUBMIT',
        'CONFIRM_SCREENING',
        'COMPLETE_RISK_ASSESSMENT',
        'APPROVE',
      ]);
      const verified = await request(app.getHttpServer())
        .get(`/assessments/${assessmentId}/events/verify`)
        .set(bearer(owner))
        .expect(200);
      expect(verified.body).toMatchObject({ ok: true, length: 5 });
      expect(checkChain(body.map((e) => fromApi(assessmentId, e)))).toBe(verified.body.lastHash);
    });

    it('finds a changed payload, a changed time and a missing event', async () => {
      const { fromApi, checkChain } = readmeChainRecipe();
      const chain = (await events()).map((e) => fromApi(assessmentId, e) as Record<string, unknown>);
      const conditions = structuredClone(chain[4].payload) as { conditions: { text: string }[] };
      conditions.conditions[0].text = 'Löschfrist: 31 Tage';
      expect(() => checkChain(chain.with(4, { ...chain[4], payload: conditions }))).toThrow(
        'the chain breaks at seq 5',
      );
      expect(() => checkChain(chain.with(1, { ...chain[1], at: '2020-01-01T00:00:00.000Z' }))).toThrow(
        'the chain breaks at seq 2',
      );
      expect(() => checkChain(chain.toSpliced(2, 1))).toThrow('the chain breaks at seq 3');
    });
  });
});
