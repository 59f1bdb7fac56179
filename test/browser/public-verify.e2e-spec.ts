import type { Page } from 'playwright-core';
import request from 'supertest';
import { AppConfig } from '../../src/config/app-config';
import { formatDateTime } from '../../src/decisions/templates/handlebars-helpers';
import { decidedAssessment, decisionWhen, download } from '../support/decisions';
import { createReviewers } from '../support/reviewers';
import { checkPage, textOf, newBrowserContext, webSuite } from '../support/web';

/** A decision's files as the public holds them, and a copy of the PDF changed after signing. */
interface Files {
  ref: string;
  title: string;
  decidedAt: string;
  pdf: Buffer;
  tampered: Buffer;
  manifest: Buffer;
}

describe('anyone verifies a decision document on the public pages, without signing in', () => {
  const web = webSuite();
  let files: Files;

  // The public pages are the same HTML either way (they load no script): screenshots once.
  const check = (page: Page, javaScript: boolean, name: string | null) =>
    checkPage(page, javaScript, javaScript ? name : null);

  async function upload(page: Page, name: string, buffer: Buffer) {
    await page
      .getByLabel('Decision PDF or manifest')
      .setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForLoadState();
  }

  beforeAll(async () => {
    const people = await createReviewers(web.app, { approver: { displayName: 'Sam Ortiz' } });
    const a = await decidedAssessment(web.app, people, { type: 'APPROVE' }, { title: 'Curb sensors on Main Street' });
    const decision = await decisionWhen(web.app, people.owner, a.id);
    const pdf = await download(web.app, people.owner, `/decisions/${decision.id}/document.pdf`);
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(pdf.indexOf('/ByteRange') / 2)] ^= 0x01;
    const [{ decided_at }] = await web.db.query('SELECT decided_at FROM decisions WHERE id = $1', [decision.id]);
    files = {
      ref: a.ref,
      title: 'Curb sensors on Main Street',
      decidedAt: formatDateTime((decided_at as Date).toISOString()),
      pdf,
      tampered,
      manifest: await download(web.app, people.owner, `/decisions/${decision.id}/manifest.jws`),
    };
  }, 180_000);

  it.each([
    ['with-script', true],
    ['without-script', false],
  ])(
    'from the register to the verify page: a genuine PDF is valid with its signers, time and ref; a tampered copy is not, and says why; a manifest too (%s)',
    async (_label, javaScript) => {
      const sessionsBefore = Number((await web.db.query('SELECT count(*) AS n FROM web_sessions'))[0].n);
      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();

      // The register, in the design system, under a CSP that allows no script at all.
      const register = await page.goto('/public/register');
      expect(register?.status()).toBe(200);
      const csp = register?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('script-src');
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Public register of privacy review decisions',
      );
      const row = page.locator('tbody tr', { hasText: files.ref });
      expect(await row.getByRole('rowheader').innerText()).toBe(`${files.ref}: ${files.title}`);
      expect(await page.locator('header').textContent()).not.toContain('Sign out');
      await check(page, javaScript, 'public-register');

      await page.getByRole('link', { name: 'verify a decision document or manifest' }).click();
      await page.waitForURL('**/public/verify');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Verify a decision document');
      expect(await page.locator('script').count()).toBe(0);
      await check(page, javaScript, 'public-verify');

      // Sent without a file: said so beside the field.
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain(
        'Choose a decision PDF or manifest file to verify.',
      );
      await check(page, javaScript, null);

      // The genuine PDF: valid, for which assessment, decided when, signed by whom.
      await upload(page, 'decision.pdf', files.pdf);
      expect(await textOf(page, '[data-verdict]')).toContain('This decision document (PDF) is genuine');
      expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('valid');
      expect(await textOf(page, '[data-ref]')).toBe(files.ref);
      expect(await textOf(page, '[data-outcome]')).toBe('Approved');
      expect(await textOf(page, '[data-decided]')).toBe(files.decidedAt);
      const signOffs = await page.locator('[data-sign-offs] li').allTextContents();
      expect(signOffs.map((s) => s.replace(/\s+/g, ' ').trim())).toContainEqual(
        expect.stringMatching(/^Sam Ortiz, Approver, \d{1,2} \w+ \d{4} at \d\d:\d\d UTC\. Approved the project/),
      );
      await check(page, javaScript, 'public-verify-valid');

      // A copy changed after signing: not valid, and why.
      await upload(page, 'decision-changed.pdf', files.tampered);
      expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('not-valid');
      expect(await textOf(page, '[data-verdict] h1')).toBe('This decision document (PDF) could not be verified');
      expect(await textOf(page, '[data-reason]')).toBe(
        'Why: Digest mismatch: the document was changed after it was signed.',
      );
      expect(await page.locator('[data-ref]').count()).toBe(0);
      await check(page, javaScript, 'public-verify-not-valid');

      // The signed manifest says the same of itself.
      await upload(page, 'manifest.jws', files.manifest);
      expect(await textOf(page, '[data-verdict] h1')).toBe('This signed manifest is genuine');
      expect(await textOf(page, '[data-ref]')).toBe(files.ref);
      expect(await textOf(page, '[data-decided]')).toBe(files.decidedAt);
      expect(await textOf(page, '[data-sign-offs]')).toContain('Sam Ortiz, Approver');
      await check(page, javaScript, null);

      // Nobody signed in along the way.
      expect(Number((await web.db.query('SELECT count(*) AS n FROM web_sessions'))[0].n)).toBe(sessionsBefore);
      await context.close();
    },
    300_000,
  );

  it('refuses an upload without the form’s CSRF token at no cost to the address’s limit, and shares the API’s rate limit, said in words', async () => {
    const http = () => request(web.app.getHttpServer());
    const form = await http().get('/public/verify').expect(200);
    const cookie = (form.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];

    const forged = await http().post('/public/verify').set('Cookie', cookie).attach('file', files.pdf, 'decision.pdf');
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('could not be accepted');
    const wrong = await http()
      .post('/public/verify')
      .set('Cookie', cookie)
      .field('_csrf', 'x'.repeat(43))
      .attach('file', files.pdf, 'decision.pdf');
    expect(wrong.status).toBe(403);

    const genuine = await http()
      .post('/public/verify')
      .set('Cookie', cookie)
      .field('_csrf', csrf)
      .attach('file', files.pdf, 'decision.pdf')
      .expect(200);
    expect(genuine.text).toContain('is genuine');

    // A post refused for its token costs the address nothing: with one verification left in the window,
    // cross-site posts (no token, a wrong one, another browser's, no cookie) leave it for the genuine one.
    const { maxPerIp } = web.app.get(AppConfig).decisions.verify;
    const hits = async () =>
      Number((await web.db.query(`SELECT max(hits) AS n FROM rate_limits WHERE bucket = 'verify'`))[0].n);
    await web.db.query(`UPDATE rate_limits SET hits = $1, window_started_at = now() WHERE bucket = 'verify'`, [
      maxPerIp - 1,
    ]);
    const other = await http().get('/public/verify').expect(200);
    const otherCsrf = /name="_csrf" value="([^"]+)"/.exec(other.text)![1];
    for (const [withCookie, token] of [
      [true, undefined],
      [true, 'x'.repeat(43)],
      [true, otherCsrf],
      [false, csrf],
      [false, undefined],
      [true, ''],
    ] as const) {
      const post = http().post('/public/verify');
      if (withCookie) post.set('Cookie', cookie);
      if (token !== undefined) post.field('_csrf', token);
      const refused = await post.attach('file', files.pdf, 'decision.pdf');
      expect(refused.status).toBe(403);
    }
    expect(await hits()).toBe(maxPerIp - 1);
    const last = await http()
      .post('/public/verify')
      .set('Cookie', cookie)
      .field('_csrf', csrf)
      .attach('file', files.pdf, 'decision.pdf');
    expect(last.status).toBe(200);
    expect(last.text).toContain('is genuine');
    expect(await hits()).toBe(maxPerIp);

    // The page and POST /decisions/verify count in one bucket per address: past its limit both refuse.
    await web.db.query(`UPDATE rate_limits SET hits = 1000000 WHERE bucket = 'verify'`);
    try {
      const limited = await http()
        .post('/public/verify')
        .set('Cookie', cookie)
        .field('_csrf', csrf)
        .attach('file', files.pdf, 'decision.pdf');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.text).toContain('Too many verifications from your address. Try again in');
      expect(limited.text).toContain('Decision PDF or manifest'); // the form, ready for later
      await http().post('/decisions/verify').attach('file', files.pdf, 'decision.pdf').expect(429);
    } finally {
      await web.db.query(`DELETE FROM rate_limits WHERE bucket = 'verify'`);
    }

    // A file past the API's cap is refused on the form too.
    const big = Buffer.alloc(8 * 1024 * 1024 + 1, 0x20);
    const tooBig = await http()
      .post('/public/verify')
      .set('Cookie', cookie)
      .field('_csrf', csrf)
      .attach('file', big, 'big.pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toContain('The file is larger than 8 MiB.');
  }, 120_000);
});
