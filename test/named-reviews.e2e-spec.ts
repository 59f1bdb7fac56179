import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { ReviewQueueService } from '../src/workflow/review-queue/review-queue.service';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveAnswers, sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { DeadlinesJob } from '../src/workflow/deadlines.job';
import { decisionWhen, download } from './support/decisions';
import { eventually } from './support/eventually';
import { bearer, createUserAndLogin, type Session, type TestUser } from './support/identity';
import { createReviewers, type ReviewerAccounts, type Reviewers } from './support/reviewers';
import { formBrowser } from './support/web';
import { bootTestApp, V2_APP } from './support/test-app';

/**
 * Workflow v2: review is a parallel state of named reviews. The parking app's data inventory holds precise
 * location (a sensitive category), so it has a security review beside the privacy review; with low residual risk
 * it needs no legal review, and as a PIA (not a surveillance impact report) no equity review.
 */
describe('parallel named reviews (workflow v2)', () => {
  let app: INestApplication;
  let db: DataSource;
  let people: Reviewers & { users: ReviewerAccounts; security: Session; securityId: string; securityUser: TestUser };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp(V2_APP);
    db = app.get(DataSource);
    const reviewers = await createReviewers(app);
    const security = await createUserAndLogin(app, [Role.SecurityReviewer]);
    people = { ...reviewers, security: security.session, securityId: security.user.id, securityUser: security.user };
  });
  afterAll(() => app.close());

  /** A parking-app assessment on v2, screened and risk-assessed: in review. */
  async function inReview(residual: 'low' | 'high' = 'low') {
    const a = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, people.officer, a.id, residual);
    const step = await sendEvent(app, people.officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    return { ...a, ...step };
  }

  const stored = async (id: string) =>
    (await db.query('SELECT state, machine_version, version, snapshot FROM assessments WHERE id = $1', [id]))[0] as {
      state: string;
      machine_version: string;
      version: number;
      snapshot: { value: unknown; context: { reviews: Record<string, { applies: boolean; reason: string }> } };
    };
  const regions = async (id: string) => ((await stored(id)).snapshot.value as { review: unknown }).review;
  const actionsOf = async (session: Session, id: string) =>
    (await http().get(`/assessments/${id}/actions`).set(bearer(session)).expect(200)).body.allowedEvents;
  const send = (session: Session, id: string, event: object) =>
    http()
      .post(`/assessments/${id}/events`)
      .set(bearer(session))
      .send({ ...event, ...('type' in event && event.type === 'APPROVE' ? { password: session.password } : {}) });

  it('holds two reviews at once: one clears, one asks for changes; resubmitted, only the one that asked reopens', async () => {
    const a = await inReview();
    expect(a.state).toBe('review');
    const row = await stored(a.id);
    expect(row.machine_version).toBe('v2');
    expect(row.state).toBe('review');
    expect(row.snapshot.value).toEqual({
      review: { privacy: 'open', legal: 'not_applicable', security: 'open', equity: 'not_applicable' },
    });
    // Which reviews apply is stored with its reason, as screening's routing is.
    expect(row.snapshot.context.reviews.security).toMatchObject({
      applies: true,
      reason: 'The data inventory holds sensitive categories: location.',
    });
    expect(row.snapshot.context.reviews.legal.applies).toBe(false);

    // Each reviewer is offered their own review; the approver nothing yet.
    expect(await actionsOf(people.security, a.id)).toEqual(['REQUEST_CHANGES', 'CLEAR_REVIEW']);
    expect(await actionsOf(people.officer, a.id)).toEqual(expect.arrayContaining(['CLEAR_REVIEW', 'ASSIGN']));
    expect(await actionsOf(people.counsel, a.id)).toEqual([]);
    expect(await actionsOf(people.approver, a.id)).toEqual([]);
    expect((await send(people.approver, a.id, { type: 'APPROVE' }).expect(409)).body.type).toBe(
      'urn:privacy-review:problem:event-not-allowed',
    );

    await sendEvent(app, people.officer, a.id, {
      type: 'CLEAR_REVIEW',
      review: 'privacy',
      findings: 'Notice is clear.',
    });
    expect(await regions(a.id)).toMatchObject({ privacy: 'cleared', security: 'open' });
    expect((await send(people.approver, a.id, { type: 'APPROVE' }).expect(409)).body.state).toBe('review');

    const asked = await sendEvent(app, people.security, a.id, {
      type: 'REQUEST_CHANGES',
      review: 'security',
      reason: 'Say who at the vendor can reach plate locations.',
    });
    expect(asked.state).toBe('changes_requested');

    // The owner changes an answer no cleared review relies on (the privacy review does not read the legal section).
    const before = await stored(a.id);
    await saveAnswers(app, people.owner, a.id, before.version, { legal_notes: 'The vendor contract limits access.' });
    const back = await sendEvent(app, people.owner, a.id, { type: 'RESUBMIT' });
    expect(back.state).toBe('review');
    expect(await regions(a.id)).toEqual({
      privacy: 'cleared',
      legal: 'not_applicable',
      security: 'open',
      equity: 'not_applicable',
    });
    expect(await actionsOf(people.officer, a.id)).not.toContain('CLEAR_REVIEW');
    expect((await send(people.approver, a.id, { type: 'APPROVE' }).expect(409)).body.state).toBe('review');

    expect((await sendEvent(app, people.security, a.id, { type: 'CLEAR_REVIEW', review: 'security' })).state).toBe(
      'approval',
    );
    expect((await sendEvent(app, people.approver, a.id, { type: 'APPROVE' })).state).toBe('approved');
    const events = (await http().get(`/assessments/${a.id}/events`).set(bearer(people.owner)).expect(200)).body as {
      type: string;
      from: string;
      to: string;
      payload: Record<string, unknown>;
    }[];
    expect(events.filter((e) => e.type === 'CLEAR_REVIEW').map((e) => e.payload.review)).toEqual([
      'privacy',
      'security',
    ]);
  });

  it('lists every review’s sign-off in the decision document: who, when, and what the clearance means', async () => {
    const a = await inReview();
    await sendEvent(app, people.officer, a.id, { type: 'CLEAR_REVIEW', review: 'privacy' });
    await sendEvent(app, people.security, a.id, { type: 'CLEAR_REVIEW', review: 'security', findings: 'Encrypted.' });
    // The approver's page shows each review before the decision.
    const approver = await formBrowser(app, people.users.approver);
    const decide = await http().get(`/pia/${a.ref}/decide`).set('Cookie', approver.cookie).expect(200);
    const words = decide.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words).toMatch(/Security review : cleared by Test security_reviewer on .* “Encrypted\.”/);
    expect(words).toContain('Legal review : not required.');
    await sendEvent(app, people.approver, a.id, { type: 'APPROVE' });
    const decision = await decisionWhen(app, people.owner, a.id);
    const html = (await download(app, people.owner, `/decisions/${decision.id}/document.html`))
      .toString()
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    const pdf = join(mkdtempSync(join(tmpdir(), 'named-reviews-')), 'decision.pdf');
    writeFileSync(pdf, await download(app, people.owner, `/decisions/${decision.id}/document.pdf`));
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const rendering of [html, text]) {
      expect(rendering).toContain('The data inventory holds sensitive categories: location.');
      expect(rendering).toMatch(/Security review .*Security reviewer/);
      expect(rendering).toContain(
        'Reviewed how the information is stored, protected, accessed and logged, and cleared the assessment.',
      );
      expect(rendering).toContain('handling of personal information (notice, minimisation, retention, sharing)');
      expect(rendering).toContain('No legal review was required');
    }
    expect(html).toContain('Workflow v2');
  });

  it('lets a reviewer clear or send back their review from its page, which works without script', async () => {
    const a = await inReview();
    const browser = await formBrowser(app, people.securityUser);
    const get = (path: string) => http().get(path).set('Cookie', browser.cookie);
    const post = (path: string, form: object) =>
      http()
        .post(path)
        .set('Cookie', browser.cookie)
        .type('form')
        .send({ _csrf: browser.csrf, ...form });
    const status = await get(`/pia/${a.ref}`).expect(200);
    // The status page leads the security reviewer to their review, not to another's.
    expect(status.text).toContain('Give the security review');
    expect(status.text).not.toContain('Give the privacy review');
    const page = await get(`/pia/${a.ref}/reviews/security`).expect(200);
    expect(page.text).toContain('The data inventory holds sensitive categories: location.');
    expect(page.text).toContain('data-clear-review');
    expect(page.text).toContain('data-review-request-changes');
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const empty = await post(`/pia/${a.ref}/reviews/security/request-changes`, { version, reason: ' ' }).expect(422);
    expect(empty.text).toContain('Say what the owner should change, and why.');
    await get(`/pia/${a.ref}/reviews/fiscal`).expect(404);

    const cleared = await post(`/pia/${a.ref}/reviews/security/clear`, {
      version,
      findings: 'Encrypted at rest.',
    }).expect(303);
    expect(cleared.headers.location).toBe(`/pia/${a.ref}?done=CLEAR_REVIEW`);
    expect(await regions(a.id)).toMatchObject({ security: 'cleared', privacy: 'open' });
    // Sent again from the stale page: refused, nothing changes.
    const stale = await post(`/pia/${a.ref}/reviews/security/clear`, { version, findings: 'Again.' });
    expect(stale.status).toBe(412);
    expect(stale.text).toContain('Nothing was done');

    const officer = await formBrowser(app, people.users.officer);
    const officerPage = await http().get(`/pia/${a.ref}/reviews/privacy`).set('Cookie', officer.cookie).expect(200);
    const officerVersion = /name="version" value="(\d+)"/.exec(officerPage.text)![1];
    const asked = await http()
      .post(`/pia/${a.ref}/reviews/privacy/request-changes`)
      .set('Cookie', officer.cookie)
      .type('form')
      .send({ _csrf: officer.csrf, version: officerVersion, reason: 'Say how long plates are kept.' })
      .expect(303);
    expect(asked.headers.location).toBe(`/pia/${a.ref}?done=REQUEST_CHANGES`);
    expect((await stored(a.id)).state).toBe('changes_requested');
  });

  it('reminds only the reviews still open when the review stage’s deadline passes', async () => {
    const a = await inReview();
    await sendEvent(app, people.officer, a.id, { type: 'CLEAR_REVIEW', review: 'privacy' });
    await db.query(`UPDATE assessments SET stage_deadline_at = now() - interval '1 minute' WHERE id = $1`, [a.id]);
    await app.get(DeadlinesJob).run();
    const reminded = await eventually(
      'the deadline reminder',
      async () =>
        (await db.query(`SELECT user_id FROM notifications WHERE assessment_id = $1 AND reason = 'deadline_passed'`, [
          a.id,
        ])) as { user_id: string }[],
      (rows) => rows.length > 0,
    );
    expect(reminded.map((r) => r.user_id)).toEqual([people.securityId]);
  });

  it('reopens a cleared review when an answer it relied on changed', async () => {
    const a = await inReview();
    await sendEvent(app, people.officer, a.id, { type: 'CLEAR_REVIEW', review: 'privacy' });
    await sendEvent(app, people.security, a.id, { type: 'REQUEST_CHANGES', review: 'security', reason: 'Encrypt it.' });
    // Storage and encryption are read by both reviews.
    await saveAnswers(app, people.owner, a.id, (await stored(a.id)).version, { encrypted_at_rest: false });
    await sendEvent(app, people.owner, a.id, { type: 'RESUBMIT' });
    expect(await regions(a.id)).toMatchObject({ privacy: 'open', security: 'open' });
  });

  it('keeps the reviews apart: a reviewer who cleared one may not approve, nor clear another', async () => {
    const dual = await createUserAndLogin(app, [Role.SecurityReviewer, Role.Approver, Role.LegalCounsel]);
    const a = await inReview('high');
    expect(await regions(a.id)).toMatchObject({ legal: 'open', security: 'open' });
    await sendEvent(app, dual.session, a.id, { type: 'CLEAR_REVIEW', review: 'security' });
    const other = await send(dual.session, a.id, { type: 'CLEAR_REVIEW', review: 'legal' }).expect(409);
    expect(other.body.allowedEvents).toEqual([]);
    await sendEvent(app, people.counsel, a.id, { type: 'CLEAR_REVIEW', review: 'legal' });
    await sendEvent(app, people.officer, a.id, { type: 'CLEAR_REVIEW', review: 'privacy' });
    expect((await stored(a.id)).state).toBe('approval');
    await send(dual.session, a.id, { type: 'APPROVE' }).expect(409);
    expect((await sendEvent(app, people.approver, a.id, { type: 'APPROVE' })).state).toBe('approved');
  });

  it('says what is wrong with an event that does not fit the review stage, and changes nothing', async () => {
    const a = await inReview();
    const { version } = await stored(a.id);
    const unnamed = await send(people.security, a.id, { type: 'REQUEST_CHANGES', reason: 'r' }).expect(422);
    expect(unnamed.body.errors).toEqual([
      { pointer: '/review', detail: expect.stringContaining('is required in review') },
    ]);
    const unknown = await send(people.security, a.id, { type: 'CLEAR_REVIEW', review: 'fiscal' }).expect(400);
    expect(unknown.body.errors[0].pointer).toBe('/review');
    // Legal review does not apply here: nobody can clear it.
    await send(people.counsel, a.id, { type: 'CLEAR_REVIEW', review: 'legal' }).expect(409);
    // v1's legal clearance is not an event of v2.
    await send(people.counsel, a.id, { type: 'LEGAL_CLEAR' }).expect(409);
    expect((await stored(a.id)).version).toBe(version);

    const screening = await submittedAssessment(app, people.owner);
    const misplaced = await send(people.officer, screening.id, {
      type: 'REQUEST_CHANGES',
      review: 'privacy',
      reason: 'r',
    }).expect(422);
    expect(misplaced.body.errors).toEqual([
      { pointer: '/review', detail: 'is taken only while the assessment is in review' },
    ]);
  });

  it('puts the assessment in the queue of each open review, and reach follows', async () => {
    const a = await inReview();
    const queues = app.get(ReviewQueueService);
    const securityUser = { id: people.securityId, roles: [Role.SecurityReviewer], department: null } as never;
    const query = { overdue: false, surveillance: false, sort: 'deadline', page: 1, pageSize: 100 } as const;
    const refs = async (actor: never, queue: 'security' | 'privacy') =>
      (await queues.list(actor, { ...query, queue })).items.map((i) => i.ref);
    expect(queues.queuesFor(securityUser)).toEqual(['security']);
    expect(await refs(securityUser, 'security')).toContain(a.ref);
    await http().get(`/assessments/${a.id}`).set(bearer(people.security)).expect(200);
    await sendEvent(app, people.security, a.id, { type: 'CLEAR_REVIEW', review: 'security' });
    expect(await refs(securityUser, 'security')).not.toContain(a.ref);
  });

  it('publishes either version of the machine, the latest by default, with v2’s regions in the diagram', async () => {
    const latest = await http().get('/workflow').expect(200);
    expect(latest.body.version).toBe('v2');
    expect(Object.keys(latest.body.machine.states.review.regions)).toEqual(['privacy', 'legal', 'security', 'equity']);
    expect(latest.body.mermaid).toContain('state review {');
    const v1 = await http().get('/workflow?version=v1').expect(200);
    expect(v1.body.version).toBe('v1');
    expect(Object.keys(v1.body.machine.states)).toContain('legal_review');
    const bad = await http().get('/workflow?version=v9').expect(400);
    expect(bad.body.errors[0]).toEqual({ pointer: '/version', detail: 'version must be v1 or v2' });
  });
});
