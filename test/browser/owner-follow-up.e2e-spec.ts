import request from 'supertest';
import { Role } from '../../src/common/auth/roles';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';
import { createAssessment, saveAnswers, sendEvent, submittedAssessment } from '../support/assessments';
import { decidedAssessment, decisionWhen } from '../support/decisions';
import { eventually } from '../support/eventually';
import { computedStyle } from '../support/browser';
import { bearer, createUser, login } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { checkPage, textOf, newBrowserContext, seriousAxeViolations, signIn, webSuite } from '../support/web';

describe('the project owner follows an assessment in a browser: status, changes requested, conditions', () => {
  const web = webSuite();

  const stored = async (id: string): Promise<{ state: string; version: number }> =>
    (await web.db.query('SELECT state, version FROM assessments WHERE id = $1', [id]))[0];
  const lastEvent = async (id: string): Promise<{ type: string; payload: Record<string, unknown> }> =>
    (
      await web.db.query(
        'SELECT type, payload FROM assessment_events WHERE assessment_id = $1 ORDER BY seq DESC LIMIT 1',
        [id],
      )
    )[0];

  it.each([
    ['with-script', true],
    ['without-script', false],
  ])(
    'an owner follows a submitted assessment, sees the reasons for changes, resubmits, and withdraws another (%s)',
    async (label, javaScript) => {
      const people = await createReviewers(web.app, {
        owner: { displayName: 'Dana Okafor' },
        officer: { displayName: 'Priya Shah' },
      });
      const a = await submittedAssessment(web.app, people.owner, { title: 'Pay-by-phone parking' });
      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, people.users.owner);

      // The status page: title, ref, owner, the stage in words and in the process, its deadline, the screening.
      const opened = await page.goto(`/pia/${a.ref}`);
      expect(opened?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pay-by-phone parking');
      expect(await textOf(page, '.app-summary')).toContain(`Reference${a.ref}`);
      expect(await textOf(page, '.app-summary')).toContain('OwnerDana Okafor');
      expect(await textOf(page, '[data-stage]')).toBe('Screening');
      expect(await textOf(page, '[aria-current="step"]')).toBe('Screening current step');
      expect(await textOf(page, '.usa-step-indicator__heading')).toBe('Step 2 of 6 Screening');
      expect(await textOf(page, '[data-deadline]')).toMatch(
        /^This stage is due \d{1,2} \w+ \d{4} at \d\d:\d\d UTC \(in 5 days\)$/,
      );
      expect(await textOf(page, '[data-screening]')).toBe('Proposed outcome: Full privacy impact assessment.');
      expect(await textOf(page, 'main')).toMatch(/\d of 9 WP248 criteria met/);
      expect(await textOf(page, 'main')).toContain('The privacy office has not confirmed it yet.');
      const timeline = await page.locator('[data-timeline] > li').allTextContents();
      expect(timeline.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        expect.stringMatching(/^Dana Okafor started the assessment .* UTC “Pay-by-phone parking”, Transportation$/),
        expect.stringMatching(/^Dana Okafor submitted it for review .* UTC\. Stage: Screening$/),
      ]);
      // Its only action now is the one the workflow allows its owner: withdrawing.
      expect(await page.locator('[data-actions] a, [data-actions] button').allTextContents()).toEqual(['Withdraw']);
      await checkPage(page, javaScript, `status-screening-${label}`);

      // A privacy officer asks for changes (through the API); the owner sees why at the top.
      await sendEvent(web.app, people.officer, a.id, {
        type: 'REQUEST_CHANGES',
        reason: 'Say how long licence plates are kept.\nAnd who at ParkCo can see them.',
      });
      // The owner rewords the purpose (through the API) before resubmitting from the page.
      await saveAnswers(web.app, people.owner, a.id, a.version + 1, {
        abstract_purpose: 'Let drivers pay for street parking from their phones, and nothing else.',
      });
      await page.goto(`/pia/${a.ref}`);
      const alert = page.locator('[data-changes-requested]');
      expect(await alert.locator('h2').textContent()).toBe('Changes requested');
      expect(await alert.textContent()).toContain('Priya Shah asked for changes on');
      expect(await alert.locator('blockquote').innerText()).toBe(
        'Say how long licence plates are kept.\nAnd who at ParkCo can see them.',
      );
      // The alert comes straight after the title, before everything else.
      expect(await page.locator('h1 + [data-changes-requested]').count()).toBe(1);
      expect(await textOf(page, '[data-stage]')).toBe('Changes requested');
      expect(await textOf(page, '[data-deadline]')).toBe('None at this stage');
      const edit = alert.getByRole('link', { name: 'Edit answers' });
      expect(await edit.getAttribute('href')).toMatch(new RegExp(`^/pia/${a.ref}/sections/[a-z0-9_-]+$`));
      expect(await alert.getByRole('link', { name: 'Withdraw' }).getAttribute('href')).toBe(`/pia/${a.ref}/withdraw`);
      await checkPage(page, javaScript, `status-changes-requested-${label}`);

      await alert.getByRole('button', { name: 'Resubmit' }).click();
      await page.waitForURL(`**/pia/${a.ref}?done=RESUBMIT`);
      expect(await page.getByRole('status').textContent()).toContain('Resubmitted with your changes.');
      expect(await textOf(page, '[data-stage]')).toBe('Screening');
      expect(await page.locator('[data-changes-requested]').count()).toBe(0);
      expect(await stored(a.id)).toEqual({ state: 'screening', version: a.version + 3 });
      expect((await lastEvent(a.id)).type).toBe('RESUBMIT');
      expect(await textOf(page, '[data-timeline] > li:last-child')).toMatch(/^Dana Okafor resubmitted it with changes/);
      await checkPage(page, javaScript, null);

      // The officer opening it again sees first what changed since they asked, then the words changed.
      const officerContext = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const officerPage = await officerContext.newPage();
      await signIn(officerPage, people.users.officer);
      await officerPage.goto(`/pia/${a.ref}`);
      const changed = officerPage.locator('h1 + [data-changed-since]');
      expect(await changed.locator('h2').textContent()).toBe('Changed since you asked');
      expect(await textOf(officerPage, '[data-changed-since] li')).toMatch(
        /^Why is the project being proposed\?: 4 words added, 1 removed \(Dana Okafor, .* UTC\)$/,
      );
      await checkPage(officerPage, javaScript, `status-changed-since-${label}`);
      await changed.getByRole('link', { name: 'See the changes word by word' }).click();
      await officerPage.waitForURL(`**/pia/${a.ref}/changes`);
      expect(await officerPage.locator('[data-diff] del').allTextContents()).toEqual(['[removed: people]']);
      expect(await officerPage.locator('[data-diff] ins').allTextContents()).toEqual([
        '[added: drivers]',
        '[added: , and nothing else]',
      ]);
      // Not by colour alone: struck through and underlined, besides the words said to a screen reader.
      const decoration = (tag: string) =>
        computedStyle(officerPage.locator(`[data-diff] ${tag}`).first(), 'text-decoration-line');
      expect([await decoration('del'), await decoration('ins')]).toEqual(['line-through', 'underline']);
      await checkPage(officerPage, javaScript, `changes-${label}`);
      await officerContext.close();

      // A stage past its deadline says so in words.
      await web.db.query(`UPDATE assessments SET stage_deadline_at = now() - interval '3 days' WHERE id = $1`, [a.id]);
      await page.goto(`/pia/${a.ref}`);
      expect(await textOf(page, '[data-deadline]')).toMatch(/^Overdue: this stage was due .* UTC \(3 days ago\)$/);

      // Withdrawing another one goes through a confirmation page.
      const b = await submittedAssessment(web.app, people.owner, { title: 'Curb-space sensors' });
      await page.goto(`/pia/${b.ref}`);
      await page.getByRole('link', { name: 'Withdraw' }).click();
      await page.waitForURL(`**/pia/${b.ref}/withdraw`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Withdraw ${b.ref}?`);
      expect(await textOf(page, 'main')).toContain('This cannot be undone.');
      await checkPage(page, javaScript, `withdraw-${label}`);
      await page.getByLabel('Why are you withdrawing it? (optional)').fill('The pilot was cancelled.');
      await page.getByRole('button', { name: `Withdraw ${b.ref}` }).click();
      await page.waitForURL(`**/pia/${b.ref}?done=WITHDRAW`);
      expect(await page.getByRole('status').textContent()).toContain('Withdrawn.');
      expect(await textOf(page, '[data-stage]')).toBe('Withdrawn');
      expect(await page.locator('[data-actions]').count()).toBe(0);
      expect(await stored(b.id)).toMatchObject({ state: 'withdrawn' });
      expect(await lastEvent(b.id)).toMatchObject({
        type: 'WITHDRAW',
        payload: { reason: 'The pilot was cancelled.' },
      });
      expect(await textOf(page, '[data-timeline] > li:last-child')).toMatch(
        /^Dana Okafor withdrew it .* UTC\. Stage: Withdrawn The pilot was cancelled\.$/,
      );
      await checkPage(page, javaScript, `status-withdrawn-${label}`);
      await context.close();
    },
  );

  it('an owner sees an approval with conditions and its signed documents, and closes each condition with evidence', async () => {
    const people = await createReviewers(web.app, { owner: { displayName: 'Dana Okafor' } });
    const conditions = [
      { text: 'Publish the retention schedule for plate data', dueDate: '2027-01-31' },
      { text: 'Train enforcement staff on the allowed uses', ownerId: people.users.owner.id, dueDate: '2027-03-31' },
    ];
    const a = await decidedAssessment(web.app, people, {
      type: 'APPROVE',
      reason: 'Proportionate, once the retention schedule is public.',
      conditions,
    });
    await decisionWhen(web.app, people.owner, a.id);
    await eventually(
      'the action items',
      () => request(web.app.getHttpServer()).get(`/assessments/${a.id}/action-items`).set(bearer(people.owner)),
      (res) => res.status === 200 && res.body.length === 2,
    );

    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, people.users.owner);
    await page.goto(`/pia/${a.ref}`);
    expect(await textOf(page, '[data-stage]')).toBe('Approved with conditions');
    expect(await textOf(page, '.usa-step-indicator__heading')).toBe('Step 6 of 6 Decision');
    const decision = await textOf(page, '[data-decision]');
    expect(decision).toContain('OutcomeApproved with conditions');
    expect(decision).toContain('ReasonsProportionate, once the retention schedule is public.');
    expect(await page.locator('[data-conditions] li').allTextContents()).toEqual([
      'Publish the retention schedule for plate data (Open, due 31 January 2027)',
      'Train enforcement staff on the allowed uses (Open, due 31 March 2027)',
    ]);
    await checkPage(page, true, 'status-decided');

    // The documents' links work with the browser's session: the signed PDF, its HTML and its manifest.
    const href = (name: RegExp) => page.getByRole('link', { name }).getAttribute('href');
    const pdf = await context.request.get((await href(/^Signed decision document \(PDF/))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const html = await context.request.get((await href(/as a web page/))!);
    expect(html.status()).toBe(200);
    expect(await html.text()).toContain(a.ref);
    const manifest = await context.request.get((await href(/^Signed manifest/))!);
    expect((await manifest.text()).split('.')).toHaveLength(3);
    const jwks = await context.request.get((await href(/jwks\.json/))!);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    const publicCopy = await context.request.get((await href(/^public copy of the decision$/))!);
    expect(publicCopy.status()).toBe(200);
    // The fingerprint shown is the PDF's.
    const { createHash } = await import('node:crypto');
    expect(await textOf(page, '.app-hash')).toBe(
      createHash('sha256')
        .update(await pdf.body())
        .digest('hex'),
    );

    // Closing each condition: first without evidence (the service refuses), then with it.
    await page.getByRole('link', { name: 'Close conditions with evidence' }).click();
    await page.waitForURL(`**/pia/${a.ref}/conditions`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Conditions of approval');
    await checkPage(page, true, 'conditions');
    const first = page.locator('[data-action-items] > li').first();
    await first.getByRole('button', { name: 'Close this condition' }).click();
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('Evidence is required to close the item.');
    expect(await summary.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(
      true,
    );
    const field = await summary.getByRole('link').getAttribute('href');
    expect(await page.locator(`${field}`).getAttribute('aria-describedby')).toBe(`${field!.slice(1)}-error`);
    expect(
      await web.db.query(`SELECT count(*)::int AS n FROM action_items WHERE assessment_id = $1 AND status = 'done'`, [
        a.id,
      ]),
    ).toEqual([{ n: 0 }]);
    await checkPage(page, true, 'conditions-error');

    await first.getByLabel('Evidence that it is done').fill('Published at https://example.gov/parking/retention');
    await first.getByRole('button', { name: 'Close this condition' }).click();
    await page.waitForURL(`**/pia/${a.ref}/conditions?closed=1`);
    expect(await page.getByRole('status').textContent()).toContain('Condition closed with your evidence.');
    expect(await textOf(page, '[data-action-items] > li:first-child [data-status]')).toBe('Done');
    expect(await textOf(page, '[data-action-items] > li:first-child')).toContain(
      'Published at https://example.gov/parking/retention',
    );
    expect((await stored(a.id)).state).toBe('remediation');

    const second = page.locator('[data-action-items] > li').nth(1);
    await second.getByLabel('Evidence that it is done').fill('Training held on 2 March; attendance sheet PK-17.');
    await second.getByRole('button', { name: 'Close this condition' }).click();
    await page.waitForURL(`**/pia/${a.ref}/conditions?closed=1`);
    expect(await page.getByRole('status').textContent()).toContain(`Every condition is now met: ${a.ref} is approved.`);
    expect(await page.getByRole('button', { name: 'Close this condition' }).count()).toBe(0);
    await checkPage(page, true, 'conditions-done');

    const items = await web.db.query(
      `SELECT status, evidence, closed_by FROM action_items WHERE assessment_id = $1 ORDER BY source_index`,
      [a.id],
    );
    expect(items).toEqual([
      {
        status: 'done',
        evidence: 'Published at https://example.gov/parking/retention',
        closed_by: people.users.owner.id,
      },
      {
        status: 'done',
        evidence: 'Training held on 2 March; attendance sheet PK-17.',
        closed_by: people.users.owner.id,
      },
    ]);
    expect((await stored(a.id)).state).toBe('approved');
    await page.getByRole('link', { name: `Back to ${a.ref}` }).click();
    expect(await textOf(page, '[data-stage]')).toBe('Approved');
    expect(await textOf(page, 'main')).toContain('Every condition is met.');
    await context.close();
  });

  it('a draft offers to continue editing at its first section, and to submit once every required answer is in', async () => {
    const owner = await createUser(web.app, [Role.ProjectOwner]);
    const session = await login(web.app, owner.email, owner.password);
    const draft = await createAssessment(web.app, session, { title: 'Library wifi sign-in' });
    const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript: false });
    const page = await context.newPage();
    await signIn(page, owner);
    await page.goto(`/pia/${draft.ref}`);
    expect(await textOf(page, '[data-stage]')).toBe('Draft');
    expect(await textOf(page, '.usa-step-indicator__heading')).toBe('Step 1 of 6 Answers');
    expect(await textOf(page, 'main')).toContain('Screening runs when the assessment is submitted');
    const actions = page.locator('[data-actions] a');
    expect(await actions.allTextContents()).toEqual(['Continue editing', 'Withdraw']);
    const first = (
      await request(web.app.getHttpServer()).get(`/assessments/${draft.id}/questionnaire`).set(bearer(session))
    ).body.sections[0].id as string;
    expect(await actions.first().getAttribute('href')).toBe(`/pia/${draft.ref}/sections/${first}`);
    await checkPage(page, false, null);

    await saveAnswers(web.app, session, draft.id, draft.version, PARKING_APP_ANSWERS);
    await page.goto(`/pia/${draft.ref}`);
    expect(await actions.allTextContents()).toEqual(['Continue editing', 'Submit for review', 'Withdraw']);
    expect(await page.getByRole('link', { name: 'Submit for review' }).getAttribute('href')).toBe(
      `/pia/${draft.ref}/submit`,
    );
    await context.close();
  });

  it('shows a hostile title as text on the status page, in its timeline and on the withdrawal page', async () => {
    const title = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
    const owner = await createUser(web.app, [Role.ProjectOwner]);
    const a = await submittedAssessment(web.app, await login(web.app, owner.email, owner.password), { title });
    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, owner);
    await page.goto(`/pia/${a.ref}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await page.title()).toContain(title);
    expect(await page.locator('[data-timeline] > li').first().textContent()).toContain(`“${title}”`);
    await page.goto(`/pia/${a.ref}/withdraw`);
    expect(await textOf(page, '.app-caption')).toBe(`${a.ref}: ${title}`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("refuses another owner's assessment, a form without its CSRF token, and an event not allowed now, changing nothing", async () => {
    const people = await createReviewers(web.app);
    const a = await submittedAssessment(web.app, people.owner, { title: 'Bike-share trip records' });
    const stranger = await createUser(web.app, [Role.ProjectOwner]);
    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();

    // Another owner's ref, an unknown ref and its withdrawal page answer the same 404 page.
    await signIn(page, stranger);
    for (const path of [
      `/pia/${a.ref}`,
      `/pia/${a.ref}/withdraw`,
      `/pia/${a.ref}/conditions`,
      '/pia/PIA-2099-9999',
      '/pia/not-a-ref',
    ]) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
      expect(await textOf(page, 'main')).not.toMatch(/Bike-share|Cannot GET/);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The owner's own session, without the form's token: 403, and the assessment is as it was.
    await signIn(page, people.users.owner);
    const cookie = `session=${(await context.cookies()).find((c) => c.name === 'session')?.value}`;
    const before = await stored(a.id);
    for (const [path, form] of [
      [`/pia/${a.ref}/events`, { type: 'WITHDRAW', version: String(before.version) }],
      [`/pia/${a.ref}/withdraw`, { reason: 'forged', version: String(before.version) }],
      [`/pia/${a.ref}/withdraw`, { _csrf: 'x'.repeat(43), version: String(before.version) }],
    ] as const) {
      const res = await request(web.app.getHttpServer()).post(path).set('Cookie', cookie).type('form').send(form);
      expect(res.status).toBe(403);
    }
    expect(await stored(a.id)).toEqual(before);

    // With the token, an event the workflow does not allow now: a clear 409 page, and nothing changes.
    await page.goto(`/pia/${a.ref}`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const refused = await context.request.post(`/pia/${a.ref}/events`, {
      form: { _csrf: csrf, type: 'RESUBMIT', version: String(before.version) },
    });
    expect(refused.status()).toBe(409);
    const body = await refused.text();
    expect(body).toContain('<h1 class="margin-top-05">This cannot be done now</h1>');
    expect(body).toContain(`You cannot resubmit ${a.ref} now: it is at the stage “Screening”. Nothing was changed.`);
    expect(body).toContain('What you can do now: Withdraw.');
    await page.setContent(body.replace(/<script\b[^>]*><\/script>/g, ''));
    expect(await seriousAxeViolations(page)).toEqual([]);
    // An event this page does not send (an approval needs a signature) is refused before the workflow.
    const approve = await context.request.post(`/pia/${a.ref}/events`, { form: { _csrf: csrf, type: 'APPROVE' } });
    expect(approve.status()).toBe(400);
    // A stale page: the version it was opened at has passed.
    const stale = await context.request.post(`/pia/${a.ref}/events`, {
      form: { _csrf: csrf, type: 'WITHDRAW', version: String(before.version - 1) },
    });
    expect(stale.status()).toBe(412);
    expect(await stale.text()).toContain('It changed since you opened it');
    expect(await stored(a.id)).toEqual(before);
    expect((await lastEvent(a.id)).type).toBe('SUBMIT');
    await context.close();
  });
});
