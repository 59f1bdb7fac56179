import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { createUser } from './support/identity';
import { createReviewers, type Reviewers, type ReviewerAccounts } from './support/reviewers';
import { bootTestApp, V2_APP } from './support/test-app';
import { type FormBrowser, formBrowser } from './support/web';

/**
 * The named review pages' refusals, without a browser: a review that is not the person's, one that does not apply, an
 * empty reason, a review name that is none. Each changes nothing. (The journey itself is test/browser/named-reviews.)
 */
describe('named review pages refuse what is not theirs to do', () => {
  let app: INestApplication;
  let db: DataSource;
  let people: Reviewers & { users: ReviewerAccounts };
  let as: Record<'officer' | 'counsel' | 'security' | 'owner', FormBrowser>;
  let a: { id: string; ref: string };
  const http = () => request(app.getHttpServer());

  const state = async () =>
    (
      await db.query(
        `SELECT a.version, a.snapshot -> 'value' AS value, (SELECT count(*) FROM assessment_events e WHERE e.assessment_id = a.id) AS events
           FROM assessments a WHERE a.id = $1`,
        [a.id],
      )
    )[0] as { version: number; value: unknown; events: string };
  const post = async (who: FormBrowser, path: string, form: Record<string, string>) =>
    http()
      .post(`/pia/${a.ref}/reviews/${path}`)
      .set('Cookie', who.cookie)
      .type('form')
      .send({ _csrf: who.csrf, version: String((await state()).version), ...form });
  const get = (who: FormBrowser, path: string) => http().get(`/pia/${a.ref}/${path}`).set('Cookie', who.cookie);

  beforeAll(async () => {
    app = await bootTestApp(V2_APP);
    db = app.get(DataSource);
    people = await createReviewers(app);
    const security = await createUser(app, [Role.SecurityReviewer]);
    const submitted = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, submitted.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, people.officer, submitted.id, 'low');
    await sendEvent(app, people.officer, submitted.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    a = submitted;
    as = {
      officer: await formBrowser(app, people.users.officer),
      counsel: await formBrowser(app, people.users.counsel),
      security: await formBrowser(app, security),
      owner: await formBrowser(app, people.users.owner),
    };
  });
  afterAll(() => app.close());

  it('shows each review its reviewer’s forms only: not another reviewer, not the owner', async () => {
    expect((await state()).value).toEqual({
      review: { privacy: 'open', legal: 'not_applicable', security: 'open', equity: 'not_applicable' },
    });
    const mine = await get(as.security, 'reviews/security').expect(200);
    expect(mine.text).toContain('data-clear-review');
    expect(mine.text).toContain('data-review-request-changes');
    for (const [who, path] of [
      [as.security, 'reviews/privacy'],
      [as.officer, 'reviews/security'],
      [as.owner, 'reviews/privacy'],
      [as.counsel, 'reviews/legal'],
    ] as const) {
      const res = await get(who, path).expect(200);
      expect([path, res.text.includes('data-clear-review'), res.text.includes('data-review-request-changes')]).toEqual([
        path,
        false,
        false,
      ]);
    }
    expect((await get(as.owner, 'reviews/privacy')).text).toContain('You own this assessment');
  });

  it('answers 404 for a review that is none', async () => {
    for (const name of ['constructor', 'Security', '__proto__', 'legal_review'])
      await get(as.officer, `reviews/${name}`).expect(404);
    expect((await post(as.security, 'nothing/clear', { findings: 'x' })).status).toBe(404);
  });

  it('refuses a review that is not the person’s (409) or does not apply, and an empty reason (422), changing nothing', async () => {
    const before = await state();
    const notTheirs = await post(as.officer, 'security/clear', { findings: 'Looks fine to me.' });
    expect(notTheirs.status).toBe(409);
    expect(notTheirs.text).toContain('This cannot be done now, so nothing was changed.');
    expect(notTheirs.text).toContain('Looks fine to me.'); // what was typed stays on the page
    expect((await post(as.counsel, 'legal/request-changes', { reason: 'Add a contract.' })).status).toBe(409);
    const empty = await post(as.security, 'security/request-changes', { reason: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Say what the owner should change, and why.');
    expect(await state()).toEqual(before);
  });

  it('answers hostile forms below 500, changing nothing, from people whose review it is not', async () => {
    const before = await state();
    const hostile = ['constructor', '__proto__', 'a\u0000b', '../..', 'x'.repeat(30000), ''];
    for (const value of hostile)
      for (const [who, path] of [
        [as.officer, 'security/clear'],
        [as.owner, 'privacy/request-changes'],
      ] as const) {
        const res = await http()
          .post(`/pia/${a.ref}/reviews/${path}`)
          .set('Cookie', who.cookie)
          .type('form')
          .send(
            `_csrf=${who.csrf}&version=${encodeURIComponent(value)}&version=1&findings=${encodeURIComponent(value)}` +
              `&findings=again&reason=${encodeURIComponent(value)}&reason=again&review=${encodeURIComponent(value)}`,
          );
        expect([path, value.slice(0, 12), res.status < 500]).toEqual([path, value.slice(0, 12), true]);
      }
    expect(await state()).toEqual(before);
  });

  it('in review, the general request-changes page sends the reviewer to their review’s page', async () => {
    const res = await get(as.security, 'request-changes').expect(200);
    expect(res.text).not.toContain('data-request-changes');
    expect(res.text).toContain('each reviewer asks for changes from their own review');
    expect(res.text).toContain(`href="/pia/${a.ref}/reviews/security"`);
  });
});
