import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { submittedAssessment } from './support/assessments';
import { decidedAssessment, decisionWhen } from './support/decisions';
import { computedStyle, launchChromium } from './support/browser';
import { bearer, createUserAndLogin } from './support/identity';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

describe('the public register', () => {
  let app: INestApplication;
  let people: Reviewers;
  let decisionId: string;
  let ref: string;
  let undecidedRef: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // An exempt question among the register's: it must be withheld, with the exemption cited.
    app = await bootTestApp({
      REGISTER_QUESTIONS: 'abstract_purpose,access_controls',
      PUBLIC_BASE_URL: 'https://privacy.example.gov/',
    });
    people = await createReviewers(app);
    const a = await decidedAssessment(
      app,
      people,
      { type: 'APPROVE', reason: 'Benefits outweigh the residual risk.' },
      { title: 'Łódź-style curb sensors', department: 'Transportation' },
    );
    ref = a.ref;
    decisionId = (await decisionWhen(app, people.owner, a.id)).id;
    undecidedRef = (await submittedAssessment(app, people.owner)).ref;
  });
  afterAll(() => app.close());

  const entryOf = async () => {
    const res = await http()
      .get('/public/register.json')
      .expect(200)
      .expect('Content-Type', /application\/json; charset=utf-8/);
    const entries = res.body as Record<string, unknown>[];
    expect(entries.some((e) => e.assessment_ref === undecidedRef)).toBe(false);
    return entries.find((e) => e.decision_id === decisionId)!;
  };

  it('lists decided assessments with public fields only, citing the exemption of each withheld one', async () => {
    const entry = await entryOf();
    expect(entry).toMatchObject({
      assessment_ref: ref,
      title: 'Łódź-style curb sensors',
      outcome: 'approved',
      decided_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      reasons: 'Benefits outweigh the residual risk.',
      abstract_purpose: 'Let people pay for street parking from their phones.',
      abstract_purpose_withheld: null,
      access_controls: null,
      access_controls_withheld: 'exempt: RCW 42.56.420(4) (security of information technology systems)',
      document_url: `https://privacy.example.gov/public/decisions/${decisionId}/document.html`,
      jwks_url: 'https://privacy.example.gov/.well-known/jwks.json',
    });
    expect(JSON.stringify(entry)).not.toContain('Single sign-on');
  });

  it('links a public document and manifest that anyone can fetch and verify without logging in', async () => {
    const entry = await entryOf();
    const html = await http()
      .get(`/public/decisions/${decisionId}/document.html`)
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.text).toContain('Withheld from this public version');
    expect(createHash('sha256').update(html.text).digest('hex')).toBe(entry.html_sha256);
    const jws = await http().get(`/public/decisions/${decisionId}/manifest.jws`).expect(200);
    const verdict = await http().post('/decisions/verify').attach('file', Buffer.from(jws.text), 'm.jws').expect(200);
    expect(verdict.body).toMatchObject({ valid: true, details: { htmlSha256: entry.html_sha256 } });
    await http().get('/public/decisions/00000000-0000-4000-8000-000000000000/document.html').expect(404);
  });

  it('serves the same entries as CSV with stable columns, and as an HTML page', async () => {
    const csv = await http()
      .get('/public/register.csv')
      .expect(200)
      .expect('Content-Type', /text\/csv; charset=utf-8/);
    const [header] = csv.text.split('\r\n');
    expect(header).toBe(
      'decision_id,assessment_ref,title,department,outcome,outcome_label,decided_at,review_cycle,reasons,reasons_withheld,abstract_purpose,abstract_purpose_withheld,access_controls,access_controls_withheld,document_version,document_url,manifest_url,html_sha256,pdf_sha256,jwks_url,verify_url,documents_destroyed_at',
    );
    expect(csv.text).toContain(`${decisionId},${ref},Łódź-style curb sensors,Transportation,approved,Approved,`);
    const page = await http()
      .get('/public/register')
      .query({ pageSize: '200' })
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.text).toContain(`${ref}: Łódź-style curb sensors`);
    expect(page.text).toContain('Withheld (exempt: RCW 42.56.420(4)');
    await http().get('/public/register').query({ page: 'x' }).expect(400);
    const beyond = await http().get('/public/register').query({ page: '1000000000000000000' }).expect(400);
    expect(beyond.body).toMatchObject({ errors: [{ pointer: '/page' }] });
  });

  it('names each outcome in words, and an approval with conditions stays one after its conditions close', async () => {
    const a = await decidedAssessment(
      app,
      people,
      { type: 'APPROVE', conditions: [{ text: 'Publish the privacy notice.' }] },
      { title: 'Library wifi', department: 'Libraries' },
    );
    const decision = await decisionWhen(app, people.owner, a.id);
    let items: { id: string }[] = [];
    for (let i = 0; i < 50 && items.length === 0; i++) {
      items = (await http().get(`/assessments/${a.id}/action-items`).set(bearer(people.owner)).expect(200)).body;
      if (items.length === 0) await sleep(200);
    }
    await http()
      .patch(`/assessments/${a.id}/action-items/${items[0].id}`)
      .set(bearer(people.owner))
      .send({ status: 'done', evidence: 'https://example.gov/privacy/wifi' })
      .expect(200);
    expect((await http().get(`/assessments/${a.id}`).set(bearer(people.owner)).expect(200)).body.state).toBe(
      'approved',
    );

    const entries = (await http().get('/public/register.json').query({ department: 'Libraries' }).expect(200)).body;
    expect(entries).toEqual([
      expect.objectContaining({
        decision_id: decision.id,
        outcome: 'remediation',
        outcome_label: 'Approved with conditions',
      }),
    ]);
    const page = (await http().get('/public/register').query({ department: 'Libraries' }).expect(200)).text;
    expect(page).toContain('<p data-total>1 decision.</p>');
    const row = page.slice(page.indexOf('Library wifi'));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('<td data-label="Decision">Approved with conditions</td>');
    expect(page).not.toContain('remediation');
    expect((await http().get('/public/register').query({ pageSize: '200' }).expect(200)).text).toMatch(
      /<p data-total>\d+ decisions\.<\/p>/,
    );
  });

  it('takes the filters of the records exports, refusing what they refuse with the same errors', async () => {
    const records = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
    const bad = { from: '2026-02-30', colour: 'blue', outcome: 'pia' };
    const refused = (await http().get('/records/decisions.csv').query(bad).set(bearer(records)).expect(400)).body;
    expect(refused.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/colour', '/from', '/outcome']);
    for (const path of ['/public/register', '/public/register.json', '/public/register.csv'])
      expect((await http().get(path).query(bad).expect(400)).body.errors).toEqual(refused.errors);

    const decisionsWhere = async (filter: Record<string, string>) =>
      ((await http().get('/public/register.json').query(filter).expect(200)).body as { decision_id: string }[]).map(
        (e) => e.decision_id,
      );
    const today = new Date().toISOString().slice(0, 10);
    expect(await decisionsWhere({ department: 'Transportation', outcome: 'approved', from: today })).toContain(
      decisionId,
    );
    expect(await decisionsWhere({ department: 'Transportation', outcome: 'rejected' })).toEqual([]);
    expect(await decisionsWhere({ to: '2020-01-01' })).toEqual([]);
    const csv = await http().get('/public/register.csv').query({ department: 'Parks' }).expect(200);
    expect(csv.text).not.toContain(decisionId);
    const page = await http().get('/public/register').query({ department: 'Parks' }).expect(200);
    expect(page.text).not.toContain(ref);
  });

  it('renders in a real browser: the register page, its link to the decision document, and no blocked content', async () => {
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const blocked: string[] = [];
      page.on('console', (message) => message.type() === 'error' && blocked.push(message.text()));
      await page.goto(`${base}/public/register?pageSize=200`);
      expect(await page.title()).toContain('Public register of privacy review decisions');
      const row = page.locator('tbody tr', { hasText: ref });
      expect(await row.getByRole('rowheader').innerText()).toBe(`${ref}: Łódź-style curb sensors`);
      expect(await row.locator('.withheld').first().innerText()).toContain('RCW 42.56.420(4)');
      // The page's own style applies under its CSP: withheld notes are italic.
      expect(await computedStyle(row.locator('.withheld').first(), 'fontStyle')).toBe('italic');
      await row.getByRole('link', { name: 'Decision document' }).click();
      await page.waitForURL(`**/public/decisions/${decisionId}/document.html`);
      expect(await page.getByRole('heading', { name: 'Withheld from this public version' }).isVisible()).toBe(true);
      expect(await page.locator('figure svg').count()).toBe(1); // the heat map
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
