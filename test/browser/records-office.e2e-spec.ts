import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../../src/common/auth/roles';
import { EXPORT_COLUMNS } from '../../src/records/exports/decision-rows';
import { decidedAssessment, decisionWhen } from '../support/decisions';
import { bearer, createUser, login } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { checkPage, textOf, newBrowserContext, signIn, webSuite } from '../support/web';

describe('the records officer at work in a browser: decisions, downloads, archival packages, retention', () => {
  const web = webSuite({ DATA_DIR: mkdtempSync(join(tmpdir(), 'records-office-')) });

  /** A download started by clicking the link, as bytes. */
  async function downloaded(page: Page, name: string): Promise<{ body: Buffer; file: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    return { body: readFileSync((await download.path())!), file: download.suggestedFilename() };
  }

  it.each([
    ['with-script', true],
    ['without-script', false],
  ])(
    'a records officer filters decisions and downloads exactly what is shown (%s)',
    async (label, javaScript) => {
      const department = `Parks ${label}`;
      const people = await createReviewers(web.app);
      const officerAccount = await createUser(web.app, [Role.RecordsOfficer], { displayName: 'Rosa Delgado' });
      const records = await login(web.app, officerAccount.email, officerAccount.password);
      const approved: { id: string; ref: string }[] = [];
      for (const title of ['Park ranger body cameras', 'Pool entry wristbands']) {
        const a = await decidedAssessment(web.app, people, { type: 'APPROVE' }, { title, department });
        await decisionWhen(web.app, records, a.id);
        approved.push(a);
      }
      const rejected = await decidedAssessment(
        web.app,
        people,
        { type: 'REJECT', reason: 'Not proportionate.' },
        { title: 'Playground face recognition', department },
      );
      await decidedAssessment(
        web.app,
        people,
        { type: 'APPROVE' },
        { title: 'Library cards', department: 'Libraries' },
      );

      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, officerAccount);

      // "Records" in the navigation leads to every decision, with the total.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
      await page.waitForURL('**/records');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Decisions');
      const [{ all }] = await web.db.query(
        `SELECT count(*)::int AS "all" FROM decisions d JOIN assessments a ON a.id = d.assessment_id WHERE a.state IN ('approved', 'rejected', 'remediation', 'closed_not_required')`,
      );
      expect(await textOf(page, '#results')).toBe(`${all} decisions`);
      await checkPage(page, javaScript, `records-decisions-${label}`);

      // Filtered by department and outcome, through the GET form: the two approvals, oldest first.
      await page.getByLabel('Department').fill(department);
      await page.getByLabel('Outcome').selectOption({ label: 'Approved' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('outcome') === 'approved');
      expect(new URL(page.url()).searchParams.get('department')).toBe(department);
      expect(await textOf(page, '#results')).toBe('2 decisions match these filters');
      const shown = await page.locator('[data-decisions] tbody tr').evaluateAll((rows) =>
        rows.map((row) => ({
          decisionId: row.getAttribute('data-decision'),
          ref: (row.querySelector('th a')?.textContent ?? '').trim(),
        })),
      );
      expect(shown.map((s) => s.ref)).toEqual(approved.map((a) => a.ref));
      expect(await textOf(page, '[data-decisions] tbody tr')).toContain('Park ranger body cameras');
      expect(await textOf(page, '[data-decisions] tbody tr')).toContain('Approved');
      // The filter stays in the form.
      expect(await page.getByLabel('Department').inputValue()).toBe(department);
      await checkPage(page, javaScript, `records-filtered-${label}`);

      // The downloads hold exactly the rows shown, and are the API's export of the same filter, byte for byte.
      const csv = await downloaded(page, 'Download CSV');
      expect(csv.file).toBe('decisions.csv');
      const lines = csv.body.toString('utf8').split('\r\n').filter(Boolean);
      expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(
        shown.map((s, i) => [s.decisionId, approved[i].id, s.ref]),
      );
      const jsonl = await downloaded(page, 'Download JSONL');
      expect(jsonl.file).toBe('decisions.jsonl');
      const rows = jsonl.body
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { decision_id: string; assessment_ref: string; outcome: string });
      expect(rows.map((r) => [r.decision_id, r.assessment_ref, r.outcome])).toEqual(
        shown.map((s) => [s.decisionId, s.ref, 'approved']),
      );
      const query = { department, outcome: 'approved' };
      const api = (format: string) =>
        request(web.app.getHttpServer()).get(`/records/decisions.${format}`).query(query).set(bearer(records));
      expect((await api('csv').expect(200)).text).toBe(csv.body.toString('utf8'));
      expect((await api('jsonl').expect(200)).text).toBe(jsonl.body.toString('utf8'));

      // A rejection by stage, and a filter the export refuses: the form says why, keeps what was typed, lists nothing.
      await page.goto(`/records?department=${encodeURIComponent(department)}&state=rejected`);
      expect(await page.locator('[data-decisions] tbody tr th a').allTextContents()).toEqual([rejected.ref]);
      await page.goto(`/records?from=2026-02-30&department=${encodeURIComponent(department)}`);
      expect(await textOf(page, '[role="alert"]')).toContain('Decided from must be a real date.');
      expect(await page.getByLabel('Department').inputValue()).toBe(department);
      expect(await page.locator('[data-decisions]').count()).toBe(0);
      await checkPage(page, javaScript, `records-refused-${label}`);

      // An archival package of the filter, made from the page. Its job is held back (the documents' table locked)
      // so that the page is seen before the package is ready, and then seen to change by itself.
      await page.goto(`/records?department=${encodeURIComponent(department)}&outcome=approved`);
      const hold = web.db.createQueryRunner();
      await hold.connect();
      await hold.startTransaction();
      await hold.query('LOCK TABLE decision_documents IN ACCESS EXCLUSIVE MODE');
      let navigations = 0;
      try {
        await page.getByRole('button', { name: 'Make an archival package of these decisions' }).click();
        await page.waitForURL(/\/records\/archives\/[0-9a-f-]{36}$/);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Archival package');
        expect(await textOf(page, '.app-summary')).toContain(`Department ${department}, outcome Approved`);
        expect(await textOf(page, '[data-progress-status]')).toMatch(
          /^(Waiting to start\. Not started yet\.|Being built\. Counting the decisions\.)$/,
        );
        // Without script the page reloads itself while the package is built; with script a module updates it.
        expect(await page.locator('head meta[http-equiv="refresh"]').count()).toBe(javaScript ? 0 : 1);
        // Without script the page reloads every 2 s, which can be faster than axe copies it on a busy machine: its
        // markup is the same as with script (only the <noscript> differs), so it is checked in the run with script.
        if (javaScript) {
          await page.evaluate(() => ((globalThis as Record<string, unknown>).stayed = true));
          await checkPage(page, javaScript, `records-package-building-${label}`);
        }
        page.on('framenavigated', (frame) => (navigations += frame === page.mainFrame() ? 1 : 0));
      } finally {
        await hold.rollbackTransaction();
        await hold.release();
      }
      const packageId = page.url().split('/').pop()!;
      await page
        .locator('[data-progress-status]', { hasText: 'Ready to download.' })
        .waitFor({ state: 'visible', timeout: 30_000 });
      expect(await textOf(page, '[data-progress-status]')).toBe('Ready to download. 2 of 2 decisions packed.');
      if (javaScript) {
        // Updated in place: the same document, never reloaded.
        expect(navigations).toBe(0);
        expect(await page.evaluate(() => (globalThis as Record<string, unknown>).stayed)).toBe(true);
      } else expect(navigations).toBeGreaterThan(0);
      expect(await page.locator('head meta[http-equiv="refresh"]').count()).toBe(0);
      await checkPage(page, javaScript, `records-package-ready-${label}`);

      // Downloaded from the page: the zip the service stored, a bag that sha256sum checks, holding exactly the two.
      const [zipDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /^Download the package \(ZIP, / }).click(),
      ]);
      const work = mkdtempSync(join(tmpdir(), 'records-office-zip-'));
      const zipPath = join(work, zipDownload.suggestedFilename());
      await zipDownload.saveAs(zipPath);
      const [stored] = await web.db.query('SELECT sha256, status FROM record_packages WHERE id = $1', [packageId]);
      expect(stored.status).toBe('ready');
      expect(createHash('sha256').update(readFileSync(zipPath)).digest('hex')).toBe(stored.sha256);
      expect(await textOf(page, '[data-sha256]')).toBe(stored.sha256);
      execFileSync('unzip', ['-q', zipPath, '-d', work]);
      const bag = join(work, `privacy-review-package-${packageId}`);
      const checked = execFileSync('sha256sum', ['-c', 'manifest-sha256.txt'], { cwd: bag, encoding: 'utf8' });
      expect(checked).toContain(`data/${approved[0].ref}/decision-cycle-1.pdf: OK`);
      expect(readdirSync(join(bag, 'data')).sort()).toEqual(approved.map((a) => a.ref).sort());

      // The package is listed with the others this officer made.
      await page.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'Archival packages' }).click();
      await page.waitForURL('**/records/archives');
      expect(await textOf(page, `[data-package="${packageId}"]`)).toContain('Ready to download');
      await checkPage(page, javaScript, `records-packages-${label}`);
      await context.close();
    },
    240_000,
  );

  it.each([
    ['with-script', true],
    ['without-script', false],
  ])(
    'a records officer places and releases a legal hold, then disposes of a due decision once its ref is typed right (%s)',
    async (label, javaScript) => {
      const people = await createReviewers(web.app);
      const officerAccount = await createUser(web.app, [Role.RecordsOfficer], { displayName: 'Rosa Delgado' });
      const records = await login(web.app, officerAccount.email, officerAccount.password);
      const department = `Archives ${label}`;
      const a = await decidedAssessment(
        web.app,
        people,
        { type: 'APPROVE' },
        { title: 'Transit smart cards', department },
      );
      const decision = await decisionWhen(web.app, records, a.id);
      const stored = async () =>
        (
          await web.db.query(
            'SELECT legal_hold_since, legal_hold_reason, disposed_at, (SELECT count(*)::int FROM decision_documents WHERE decision_id = d.id) AS documents FROM decisions d WHERE id = $1',
            [decision.id],
          )
        )[0] as {
          legal_hold_since: Date | null;
          legal_hold_reason: string | null;
          disposed_at: Date | null;
          documents: number;
        };
      const events = async () =>
        (
          (await web.db.query('SELECT type FROM assessment_events WHERE assessment_id = $1 ORDER BY seq', [a.id])) as {
            type: string;
          }[]
        ).map((e) => e.type);
      const lastEvent = async () =>
        (
          await web.db.query(
            'SELECT type, payload FROM assessment_events WHERE assessment_id = $1 ORDER BY seq DESC LIMIT 1',
            [a.id],
          )
        )[0] as { type: string; payload: Record<string, unknown> };
      const before = await events();

      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, officerAccount);

      // From the decisions list to the decision's retention.
      await page.goto(`/records?department=${encodeURIComponent(department)}`);
      await page.getByRole('link', { name: `Retention of ${a.ref}` }).click();
      await page.waitForURL(`**/records/retention/${decision.id}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${a.ref}: Transit smart cards`);
      expect(await textOf(page, '[data-hold]')).toBe('None');
      expect(await page.getByRole('link', { name: `Dispose of ${a.ref}` }).count()).toBe(0); // not due yet
      await checkPage(page, javaScript, `records-retention-decision-${label}`);

      // A hold needs a reason: refused without one, and nothing is held.
      await page.getByRole('button', { name: 'Place a legal hold' }).click();
      expect(await textOf(page, '[role="alert"]')).toContain('Say why the decision is held.');
      expect((await stored()).legal_hold_since).toBeNull();
      expect(await events()).toEqual(before);
      await checkPage(page, javaScript, null);
      await page.getByLabel('Why is it held?').fill('Public records request PRR-2026-118 is pending.');
      await page.getByRole('button', { name: 'Place a legal hold' }).click();
      await page.waitForURL(`**/records/retention/${decision.id}?done=held`);
      expect(await textOf(page, '[role="status"]')).toContain('Legal hold placed.');
      expect(await textOf(page, '[data-hold]')).toMatch(
        /^Held since .* UTC: Public records request PRR-2026-118 is pending\.$/,
      );
      expect(await stored()).toMatchObject({ legal_hold_reason: 'Public records request PRR-2026-118 is pending.' });
      expect(await lastEvent()).toMatchObject({
        type: 'LEGAL_HOLD_PLACED',
        payload: { decisionId: decision.id, reason: 'Public records request PRR-2026-118 is pending.' },
      });

      // The retention page lists it under a legal hold.
      await page.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'Retention' }).click();
      await page.waitForURL('**/records/retention');
      expect(await textOf(page, `[data-held] [data-decision="${decision.id}"]`)).toContain(
        'Public records request PRR-2026-118 is pending.',
      );
      await checkPage(page, javaScript, `records-retention-${label}`);

      // Released, with its reason.
      await page.goto(`/records/retention/${decision.id}`);
      await page.getByLabel('Why is the hold released?').fill('The request was answered.');
      await page.getByRole('button', { name: 'Release the hold' }).click();
      await page.waitForURL(`**/records/retention/${decision.id}?done=released`);
      expect(await textOf(page, '[data-hold]')).toBe('None');
      expect((await stored()).legal_hold_since).toBeNull();
      expect(await lastEvent()).toMatchObject({
        type: 'LEGAL_HOLD_RELEASED',
        payload: { reason: 'The request was answered.' },
      });

      // Its disposition date comes (moved back for the test); it is due, and listed so.
      await web.db.query(`UPDATE decisions SET disposition_date = current_date - 1 WHERE id = $1`, [decision.id]);
      await page.goto('/records/retention');
      expect(await textOf(page, `[data-due] [data-decision="${decision.id}"]`)).toContain(a.ref);
      await page.getByRole('link', { name: `Hold or dispose of ${a.ref}` }).click();
      await page.getByRole('link', { name: `Dispose of ${a.ref}` }).click();
      await page.waitForURL(`**/records/retention/${decision.id}/dispose`);

      // The confirmation states what will be destroyed: each document with its hashes.
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Dispose of ${a.ref}?`);
      const documents = (await web.db.query(
        'SELECT pdf_sha256, html_sha256 FROM decision_documents WHERE decision_id = $1 ORDER BY version',
        [decision.id],
      )) as { pdf_sha256: string; html_sha256: string }[];
      expect(documents.length).toBeGreaterThan(0);
      expect(await page.locator('[data-pdf-sha256]').allTextContents()).toEqual(documents.map((d) => d.pdf_sha256));
      expect(await page.locator('[data-html-sha256]').allTextContents()).toEqual(documents.map((d) => d.html_sha256));
      await checkPage(page, javaScript, `records-dispose-${label}`);

      // A wrong ref is refused, keeps what was typed, and destroys nothing.
      const eventsBefore = await events();
      await page.getByLabel('Why are they destroyed?').fill('Retention schedule GS-7: six years after the decision.');
      await page.getByLabel(`To confirm, type the reference ${a.ref}`).fill('PIA-2026-9999');
      await page.getByRole('button', { name: `Destroy the documents of ${a.ref}` }).click();
      await page.waitForURL(`**/records/retention/${decision.id}/dispose`);
      expect(await textOf(page, '[role="alert"]')).toContain(
        `That is not this decision's reference: type ${a.ref} to confirm.`,
      );
      expect(await page.getByLabel('Why are they destroyed?').inputValue()).toBe(
        'Retention schedule GS-7: six years after the decision.',
      );
      expect(await stored()).toMatchObject({ disposed_at: null, documents: documents.length });
      expect(await events()).toEqual(eventsBefore);
      await checkPage(page, javaScript, `records-dispose-refused-${label}`);

      // The right ref: the documents are destroyed, and the chain keeps what they were.
      await page.getByLabel(`To confirm, type the reference ${a.ref}`).fill(a.ref.toLowerCase());
      await page.getByRole('button', { name: `Destroy the documents of ${a.ref}` }).click();
      await page.waitForURL(`**/records/retention/${decision.id}?done=disposed`);
      expect(await textOf(page, '[role="status"]')).toContain('Disposed of.');
      expect(await page.locator('[data-disposed]').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Place a legal hold' }).count()).toBe(0);
      const after = await stored();
      expect(after.documents).toBe(0);
      expect(after.disposed_at).not.toBeNull();
      expect(await lastEvent()).toMatchObject({
        type: 'DISPOSED',
        payload: {
          reason: 'Retention schedule GS-7: six years after the decision.',
          documents: documents.map((d, i) => ({ version: i + 1, pdfSha256: d.pdf_sha256, htmlSha256: d.html_sha256 })),
        },
      });
      await checkPage(page, javaScript, `records-disposed-${label}`);
      await context.close();
    },
    240_000,
  );
});
