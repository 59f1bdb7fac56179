import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../../src/common/auth/roles';
import { sendEvent, submittedAssessment, treatRisks } from '../support/assessments';
import { createUser, login } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { checkPage, textOf, formBrowser, newBrowserContext, signIn, webSuite } from '../support/web';

describe('the privacy officer and legal counsel review in a browser: queues, screening, assignment, risk stage, legal review', () => {
  const web = webSuite();

  const stored = async (id: string): Promise<{ state: string; version: number; assignees: Record<string, string> }> =>
    (
      await web.db.query(
        `SELECT state, version, snapshot -> 'context' -> 'assignees' AS assignees FROM assessments WHERE id = $1`,
        [id],
      )
    )[0];
  const events = async (id: string): Promise<{ type: string; payload: Record<string, unknown>; actor_id: string }[]> =>
    web.db.query('SELECT type, payload, actor_id FROM assessment_events WHERE assessment_id = $1 ORDER BY seq', [id]);
  const rows = async (page: Page) =>
    (await page.locator('[data-queue] tbody th a').allTextContents()).map((t) => t.trim());

  it.each([
    // Without script only: these pages carry no script of their own, and lifecycle.e2e-spec.ts walks them with it.
    ['without-script', false],
  ])(
    'a privacy officer works the queue, confirms screening with an override, assigns reviewers, completes the risk stage; legal counsel clears it (%s)',
    async (label, javaScript) => {
      const people = await createReviewers(web.app, {
        owner: { displayName: 'Dana Okafor' },
        officer: { displayName: 'Priya Shah' },
        counsel: { displayName: 'Lee Marsh' },
        approver: { displayName: 'Sam Ortiz' },
      });
      const department = `Transportation ${label} ${randomBytes(3).toString('hex')}`;
      const a = await submittedAssessment(web.app, people.owner, { title: 'Pay-by-phone parking', department });
      const b = await submittedAssessment(web.app, people.owner, { title: 'Curb-space sensors', department });
      const elsewhere = await submittedAssessment(web.app, people.owner, {
        title: 'Library room booking',
        department: `Libraries ${label}`,
      });
      // b is overdue, and screening flagged it under the surveillance ordinance.
      await web.db.query(
        `UPDATE assessments SET stage_deadline_at = now() - interval '2 days',
                screening = jsonb_set(screening, '{surveillance,flagged}', 'true') WHERE id = $1`,
        [b.id],
      );

      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, people.users.officer);

      // The queue: reached from the navigation, a tab per queue, filters that work without script.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
      await page.waitForURL('**/review');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Reviews');
      const tabs = page.getByRole('navigation', { name: 'Review queues' }).getByRole('link');
      // Privacy review: the privacy office's named review on workflow v2.
      expect(await tabs.allTextContents()).toEqual([
        'Screening',
        'Risk assessment',
        'Privacy review',
        'Assigned to me',
      ]);
      expect(await page.locator('[aria-current="page"]', { hasText: 'Screening' }).count()).toBe(1);
      expect(await rows(page)).toEqual(expect.arrayContaining([a.ref, b.ref, elsewhere.ref]));

      await page.getByLabel('Department').selectOption(department);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('department') === department);
      expect(await textOf(page, '[data-queue-total]')).toBe('2 assessments match the filters');
      expect(await rows(page)).toEqual([b.ref, a.ref]); // by deadline, soonest (here: overdue) first
      expect(await textOf(page, `[data-queue] tbody tr:first-child [data-label="Deadline"]`)).toMatch(
        /^Overdue (Was due|Reminder sent)/,
      );
      await checkPage(page, javaScript, `review-queue-${label}`);

      await page.getByLabel('Sort by deadline').selectOption('-deadline');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === '-deadline');
      expect(await rows(page)).toEqual([a.ref, b.ref]);

      await page.locator('label[for="overdue"]').click();
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('overdue') === '1');
      expect(await rows(page)).toEqual([b.ref]);
      expect(await textOf(page, '[data-queue-total]')).toBe('1 assessment matches the filters');
      await page.locator('label[for="overdue"]').click();
      await page.locator('label[for="surveillance"]').click();
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('surveillance') === '1' && !url.searchParams.has('overdue'));
      expect(await rows(page)).toEqual([b.ref]);
      await page.getByRole('link', { name: 'Clear the filters' }).click();
      await page.waitForURL((url) => !url.searchParams.has('department'));

      // Screening: the criteria met with the answers behind each, sensitive data, surveillance, the proposal.
      await page.goto(`/review?queue=screening&department=${encodeURIComponent(department)}`);
      await page.getByRole('link', { name: `Review the screening for ${a.ref}` }).click();
      await page.waitForURL(`**/pia/${a.ref}/screening`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Screening');
      expect(await textOf(page, '[data-proposed]')).toBe('Full privacy impact assessment');
      expect(await textOf(page, '[data-rationale]')).toMatch(/WP248 criteria met/);
      const criteria = (await page.locator('[data-criteria] > li').allTextContents()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      );
      expect(criteria).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Sensitive or highly personal data, because: .*: “Yes”/),
          expect.stringMatching(/^Large scale, because: .*: “250,000”/),
        ]),
      );
      const answerLink = page.locator('[data-criteria] a').first();
      expect(await answerLink.getAttribute('href')).toMatch(
        new RegExp(`^/pia/${a.ref}/sections/[a-z0-9_-]+#[a-z0-9_]+$`),
      );
      expect(await textOf(page, '[data-sensitive]')).toContain('Location');
      expect(await textOf(page, '[data-surveillance]')).toMatch(/^Not flagged/);
      await checkPage(page, javaScript, `review-screening-${label}`);

      // Overriding without a reason is refused by the field, and nothing changes.
      await page.locator('label[for="outcome-sir"]').click();
      await page.getByRole('button', { name: 'Confirm the screening' }).click();
      await page.waitForSelector('[data-error-summary]');
      expect(await textOf(page, '[data-error-summary]')).toContain('Say why you choose another outcome');
      expect(await page.getByLabel('Surveillance impact report').isChecked()).toBe(true);
      expect(await stored(a.id)).toMatchObject({ state: 'screening', version: a.version });
      await checkPage(page, javaScript, null);

      // Someone acts meanwhile: the page says so, keeps the reason typed, and nothing is done.
      const reason = 'Plate reads feed enforcement cameras: treat it as surveillance technology.';
      await page.getByLabel('Reason').fill(reason);
      await sendEvent(web.app, people.officer, a.id, {
        type: 'ASSIGN',
        role: 'approver',
        userId: people.users.approver.id,
      });
      await page.getByRole('button', { name: 'Confirm the screening' }).click();
      await page.waitForSelector('[data-refused]');
      expect(await textOf(page, '[data-refused]')).toContain(
        'Someone acted on this assessment after you opened this page',
      );
      expect(await page.getByLabel('Reason').inputValue()).toBe(reason);
      expect(await page.getByLabel('Surveillance impact report').isChecked()).toBe(true);
      expect((await stored(a.id)).state).toBe('screening');
      expect((await events(a.id)).map((e) => e.type)).not.toContain('CONFIRM_SCREENING');
      await checkPage(page, javaScript, `review-screening-stale-${label}`);

      await page.getByRole('button', { name: 'Confirm the screening' }).click();
      await page.waitForURL(`**/pia/${a.ref}?done=CONFIRM_SCREENING`);
      expect((await stored(a.id)).state).toBe('risk_assessment');
      expect((await events(a.id)).at(-1)).toMatchObject({
        type: 'CONFIRM_SCREENING',
        payload: { outcome: 'sir', reason },
        actor_id: people.users.officer.id,
      });

      // Assigning: the choices are the people who hold the role and may take it on; never the owner.
      await page.goto(`/pia/${a.ref}/assign`);
      expect(await textOf(page, '[data-current="approver"]')).toBe('Assigned now: Sam Ortiz.');
      const counselChoices = await page
        .getByLabel('Who should do the legal review?')
        .locator('option')
        .allTextContents();
      const lee = `Lee Marsh (${people.users.counsel.email})`;
      expect(counselChoices).toContain(lee);
      expect(counselChoices.join()).not.toContain('Dana Okafor');
      await checkPage(page, javaScript, `review-assign-${label}`);
      await page.getByLabel('Who should do the legal review?').selectOption({ label: lee });
      await page.getByRole('button', { name: 'Assign legal counsel' }).click();
      await page.waitForURL(`**/pia/${a.ref}?done=ASSIGN`);
      expect((await stored(a.id)).assignees).toEqual({
        legal_counsel: people.users.counsel.id,
        approver: people.users.approver.id,
      });

      // Completing the risk stage: refused while risks are untreated, with what blocks it and where to fix it.
      await page.goto(`/pia/${a.ref}/complete`);
      expect(await textOf(page, '[data-blockers]')).toMatch(
        /It cannot be completed yet.*needs a treatment and a residual score/,
      );
      expect(await page.locator('[data-blockers] a').getAttribute('href')).toBe(`/pia/${a.ref}/risk`);
      expect(await page.locator('form[data-complete]').count()).toBe(0);
      await checkPage(page, javaScript, `review-complete-blocked-${label}`);
      const before = await stored(a.id);
      const refused = await page.request.post(`/pia/${a.ref}/complete`, {
        form: {
          _csrf: await page.locator('input[name="_csrf"]').first().inputValue(),
          version: String(before.version),
        },
      });
      expect(refused.status()).toBe(422);
      const refusedPage = await refused.text();
      expect(refusedPage).toContain('The risk assessment cannot be completed yet: some risks are not treated.');
      expect(refusedPage).toContain(`href="/pia/${a.ref}/risk"`);
      expect(refusedPage).toMatch(/<li>[^<]+: needs a treatment and a residual score<\/li>/);
      expect(await stored(a.id)).toEqual(before);

      await treatRisks(web.app, people.officer, a.id); // one risk stays high: legal review follows
      await page.goto(`/pia/${a.ref}/complete`);
      expect(await page.locator('[data-blockers]').count()).toBe(0);
      expect(await textOf(page, '[data-next]')).toBe('To Legal review, because:');
      await checkPage(page, javaScript, `review-complete-${label}`);
      await page.getByRole('button', { name: 'Complete the risk assessment' }).click();
      await page.waitForURL(`**/pia/${a.ref}?done=COMPLETE_RISK_ASSESSMENT`);
      expect((await stored(a.id)).state).toBe('legal_review');

      // Asking for changes on another (not b: the deadline job may act on an overdue one meanwhile): a reason is required; the owner gets it back.
      await page.goto(`/pia/${elsewhere.ref}/request-changes`);
      await page.getByRole('button', { name: 'Send it back to the owner' }).click();
      await page.waitForSelector('[data-error-summary]');
      expect(await textOf(page, '[data-error-summary]')).toContain('Say what the owner should change');
      expect((await stored(elsewhere.id)).state).toBe('screening');
      await page.getByLabel('What should change, and why?').fill('Say which sensors record images.');
      await checkPage(page, javaScript, `review-request-changes-${label}`);
      await page.getByRole('button', { name: 'Send it back to the owner' }).click();
      await page.waitForURL(`**/pia/${elsewhere.ref}?done=REQUEST_CHANGES`);
      expect((await stored(elsewhere.id)).state).toBe('changes_requested');
      expect((await events(elsewhere.id)).at(-1)).toMatchObject({
        type: 'REQUEST_CHANGES',
        payload: { reason: 'Say which sensors record images.' },
      });
      await context.close();

      // Legal counsel: their queue, the flags and high risks that sent it to them, findings, then clear it.
      const counselContext = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const counselPage = await counselContext.newPage();
      await signIn(counselPage, people.users.counsel);
      await counselPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
      await counselPage.waitForURL('**/review');
      expect(
        await counselPage.getByRole('navigation', { name: 'Review queues' }).getByRole('link').allTextContents(),
      ).toEqual(['Legal review']);
      expect(await rows(counselPage)).toContain(a.ref);
      const row = counselPage.locator('[data-queue] tbody tr', { hasText: a.ref });
      expect(await textOf(counselPage, `[data-queue] tbody tr:has-text("${a.ref}") [data-label="Reviewer"]`)).toBe(
        'You',
      );
      await checkPage(counselPage, javaScript, `review-queue-counsel-${label}`);
      await row.getByRole('link', { name: `Do the legal review for ${a.ref}` }).click();
      await counselPage.waitForURL(`**/pia/${a.ref}/legal`);
      expect(await counselPage.getByRole('heading', { level: 1 }).textContent()).toBe('Legal review');
      expect(await counselPage.locator('[data-high-risks] tbody tr').count()).toBeGreaterThanOrEqual(1);
      expect(await textOf(counselPage, '[data-high-risks] tbody tr')).toMatch(/High \(residual\)/);
      expect(
        await counselPage
          .locator('[data-other-steps]')
          .getByRole('link', { name: 'Ask for changes' })
          .getAttribute('href'),
      ).toBe(`/pia/${a.ref}/request-changes`);
      await checkPage(counselPage, javaScript, `review-legal-${label}`);
      const findings = 'Retention of two years is lawful under the records schedule.\nNo sharing agreement is needed.';
      await counselPage.getByLabel('Legal findings').fill(findings);
      await counselPage.getByRole('button', { name: 'Clear the legal review' }).click();
      await counselPage.waitForURL(`**/pia/${a.ref}?done=LEGAL_CLEAR`);
      expect((await stored(a.id)).state).toBe('approval');
      expect((await events(a.id)).at(-1)).toMatchObject({
        type: 'LEGAL_CLEAR',
        payload: { findings },
        actor_id: people.users.counsel.id,
      });
      // Back on the legal page, the step is over: no form, and it says why.
      await counselPage.goto(`/pia/${a.ref}/legal`);
      expect(await counselPage.locator('form[data-legal-clear]').count()).toBe(0);
      expect(await textOf(counselPage, '[data-not-now]')).toMatch(/^You cannot clear the legal review now/);
      await counselContext.close();
    },
    420_000,
  );

  it('an owner who is also a privacy officer sees no review step on their own assessment, and a forged POST changes nothing', async () => {
    const people = await createReviewers(web.app);
    const both = await createUser(web.app, [Role.ProjectOwner, Role.PrivacyOfficer], { displayName: 'Robin Both' });
    const own = await submittedAssessment(web.app, await login(web.app, both.email, both.password), {
      title: 'My own camera pilot',
    });

    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, both);
    const opened = await page.goto(`/pia/${own.ref}/screening`);
    expect(opened?.status()).toBe(200);
    expect(await textOf(page, '[data-proposed]')).toBe('Full privacy impact assessment');
    expect(await page.locator('main form').count()).toBe(0);
    expect(await page.locator('main button').count()).toBe(0);
    expect(await page.locator('[data-other-steps] a').allTextContents()).toEqual([`Back to ${own.ref}`]);
    expect(await textOf(page, '[data-not-now]')).toBe(
      `You own ${own.ref}, so you cannot review it: another privacy officer, legal counsel and approver do.`,
    );
    await checkPage(page, true, 'review-own-screening');
    for (const step of ['assign', 'request-changes']) {
      await page.goto(`/pia/${own.ref}/${step}`);
      expect(await page.locator('main form').count()).toBe(0);
    }
    // In the queue it is marked as theirs, and leads only to its status page.
    await page.goto('/review?queue=screening');
    const row = page.locator('[data-queue] tbody tr', { hasText: own.ref });
    expect(await textOf(page, `[data-queue] tbody tr:has-text("${own.ref}") [data-label="Reviewer"]`)).toBe(
      'You own it: another reviewer takes it',
    );
    expect(await row.getByRole('link', { name: `Follow it for ${own.ref}` }).getAttribute('href')).toBe(
      `/pia/${own.ref}`,
    );
    await context.close();

    // Forged POSTs with a valid session and CSRF token and the current version: each refused, nothing changed.
    const browser = await formBrowser(web.app, both);
    const before = await stored(own.id);
    const chain = await events(own.id);
    const forged = [
      ['screening', { outcome: 'not_required', reason: 'Mine is fine.' }],
      ['request-changes', { reason: 'Never mind.' }],
      ['assign', { role: 'legal_counsel', userId: people.users.counsel.id }],
    ] as const;
    for (const [step, form] of forged) {
      const res = await request(web.app.getHttpServer())
        .post(`/pia/${own.ref}/${step}`)
        .set('Cookie', browser.cookie)
        .type('form')
        .send({ _csrf: browser.csrf, version: String(before.version), ...form });
      expect([step, res.status]).toEqual([step, 409]);
      expect(res.text).toContain('This cannot be done now, so nothing was changed.');
      expect(res.text).toContain(`You own ${own.ref}, so you cannot review it`);
    }
    expect(await stored(own.id)).toEqual(before);
    expect(await events(own.id)).toEqual(chain);
  });
});
