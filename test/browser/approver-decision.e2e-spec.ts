import type { Page, Response } from 'playwright-core';
import request from 'supertest';
import { Role } from '../../src/common/auth/roles';
import { DocumentTemplateRegistry } from '../../src/decisions/templates/document-template.registry';
import { WorkflowService } from '../../src/workflow/workflow.service';
import { sendEvent, submittedAssessment } from '../support/assessments';
import { assessmentInApproval, LEGAL_FINDINGS } from '../support/decisions';
import { eventually } from '../support/eventually';
import { createUser, login } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { checkPage, textOf, formBrowser, newBrowserContext, signIn, webSuite } from '../support/web';

describe('the approver decides in the browser: the summary, conditions, and the signing ceremony', () => {
  const web = webSuite();

  const stored = async (id: string): Promise<{ state: string; version: number }> =>
    (await web.db.query('SELECT state, version FROM assessments WHERE id = $1', [id]))[0];
  const decisionOf = async (id: string) =>
    (
      await web.db.query(
        `SELECT d.outcome, d.reasons, d.decided_by, u.display_name AS decided_by_name
           FROM decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.assessment_id = $1`,
        [id],
      )
    )[0] as { outcome: string; reasons: string | null; decided_by: string; decided_by_name: string } | undefined;
  /** The conditions as action items, which the engine makes after the approval commits (from its outbox). */
  const conditionsOf = (id: string, count: number) =>
    eventually(
      `${count} conditions of ${id} as action items`,
      () =>
        web.db.query(
          `SELECT text, owner_id AS "ownerId", to_char(due_date, 'YYYY-MM-DD') AS "dueDate" FROM action_items
            WHERE assessment_id = $1 AND source = 'condition' ORDER BY source_index`,
          [id],
        ),
      (rows: unknown[]) => rows.length >= count,
    );
  /** The lockout's count for an account, and the sign-in log's failed re-authentications. */
  const failures = async (userId: string, email: string) => {
    const [throttle] = await web.db.query(`SELECT failures FROM login_throttles WHERE scope = 'account' AND key = $1`, [
      email,
    ]);
    const [log] = await web.db.query(
      `SELECT count(*)::int AS n FROM auth_events WHERE user_id = $1 AND type = 'reauthentication_failed'`,
      [userId],
    );
    return { lockout: (throttle?.failures as number | undefined) ?? 0, logged: log.n as number };
  };
  const statement = (outcome: 'approved' | 'remediation' | 'rejected') =>
    web.app.get(DocumentTemplateRegistry).latest('decision')!.signature![outcome];

  /** Clicks a submit button and returns the response of the page it leads to. */
  async function submit(page: Page, name: string): Promise<Response> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    await page.waitForLoadState();
    return response;
  }

  it.each([
    // Without script only: these pages carry no script of their own, and lifecycle.e2e-spec.ts walks them with it.
    ['without-script', false, 'Kofi Boateng', 'Mei Lin'],
  ])(
    'an approver reads the summary, approves with two conditions after one wrong password, and rejects another (%s)',
    async (label, javaScript, ownerName, officerName) => {
      const people = await createReviewers(web.app, {
        owner: { displayName: ownerName },
        officer: { displayName: officerName },
        approver: { displayName: 'Ruth Mensah' },
      });
      const approver = people.users.approver;
      const a = await assessmentInApproval(web.app, people, { title: 'Pay-by-phone parking' });
      const b = await assessmentInApproval(web.app, people, { title: 'Licence plate readers' });
      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, approver);

      // The summary of the whole assessment, on one page.
      const opened = await page.goto(`/pia/${a.ref}/decide`);
      expect(opened?.status()).toBe(200);
      expect(await textOf(page, 'h1')).toBe('Decide on Pay-by-phone parking');
      expect(await textOf(page, '[data-summary="screening"]')).toContain(
        `Full privacy impact assessment, confirmed by ${officerName}`,
      );
      expect(await textOf(page, '[data-summary="screening"]')).toMatch(/Criteria met.+\(from: /);
      expect(await page.locator('[data-summary="inventory"] tbody tr').count()).toBeGreaterThan(0);
      expect(await page.locator('.app-heatmap svg[role="img"]').count()).toBe(1);
      const risks = await page.locator('[data-risks] tbody tr').count();
      expect(risks).toBeGreaterThan(0);
      expect(await page.locator('.app-heatmap svg circle').count()).toBe(risks); // one inherent marker per risk
      expect(await textOf(page, '[data-escalation]')).toContain('residual risk accepted');
      expect(await textOf(page, '[data-findings]')).toBe(LEGAL_FINDINGS);
      await checkPage(page, javaScript, `approver-decide-${label}`);

      // Approve with conditions: one row, then another added by a button that keeps what was typed.
      await page.locator('label[for="choice-conditions"]').click();
      await page.getByLabel('What must be done', { exact: true }).fill('Delete plate images after 48 hours.');
      await page.getByLabel('Owner', { exact: true }).selectOption({ label: `${ownerName} (Project owner)` });
      await page.getByLabel('Due date', { exact: true }).fill('2027-06-30');
      expect((await submit(page, 'Add another condition')).status()).toBe(200);
      expect(await page.locator('[data-condition-row]').count()).toBe(2);
      expect(await page.locator('#choice-conditions').isChecked()).toBe(true);
      expect(await page.locator('#condition-0-text').inputValue()).toBe('Delete plate images after 48 hours.');
      expect(await page.locator('#condition-0-due').inputValue()).toBe('2027-06-30');
      await page.locator('#condition-1-text').fill('Publish the signage text.');
      await page.locator('#condition-1-owner').selectOption({ label: `${officerName} (Privacy officer)` });
      await page.locator('#condition-1-due').fill('2027-03-31');

      // The ceremony: what the signature means in the document's words, who signs and when.
      expect((await submit(page, 'Continue to sign')).status()).toBe(200);
      expect(await textOf(page, 'h1')).toBe('Sign your decision');
      expect(await textOf(page, '[data-statement]')).toBe(`“${statement('remediation')}”`);
      expect(await textOf(page, '[data-signer]')).toBe(`Ruth Mensah, Approver (${approver.email})`);
      expect(await textOf(page, '[data-signed-at]')).toMatch(/^\d{1,2} \w+ \d{4} at \d\d:\d\d UTC: the time recorded/);
      expect(await page.locator('[data-sign-conditions] li').allTextContents()).toEqual([
        `Delete plate images after 48 hours. (owner: ${ownerName}, due 30 June 2027)`,
        `Publish the signage text. (owner: ${officerName}, due 31 March 2027)`,
      ]);
      await checkPage(page, javaScript, `approver-sign-${label}`);

      // A wrong password: refused as the API refuses it (403), counted towards the lockout, nothing decided.
      const before = await failures(approver.id, approver.email);
      await page.getByLabel('Your password').fill('not-my-password');
      const wrong = await submit(page, 'Sign and approve with conditions');
      expect(wrong.status()).toBe(403);
      expect(await textOf(page, '[data-error-summary]')).toContain('The password is not correct. Nothing was signed.');
      expect(await page.getByLabel('Your password').inputValue()).toBe('');
      expect(await textOf(page, '[data-statement]')).toBe(`“${statement('remediation')}”`);
      expect(await page.locator('[data-sign-conditions] li').count()).toBe(2);
      expect(await failures(approver.id, approver.email)).toEqual({
        lockout: before.lockout + 1,
        logged: before.logged + 1,
      });
      expect((await stored(a.id)).state).toBe('approval');
      expect(await decisionOf(a.id)).toBeUndefined();
      await checkPage(page, javaScript, `approver-sign-wrong-password-${label}`);

      // The right one: signed, decided, back on the status page.
      await page.getByLabel('Your password').fill(approver.password);
      await submit(page, 'Sign and approve with conditions');
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/pia/${a.ref}?done=APPROVE`);
      expect((await stored(a.id)).state).toBe('remediation');
      expect(await decisionOf(a.id)).toMatchObject({ outcome: 'remediation', decided_by: approver.id, reasons: null });
      expect(await conditionsOf(a.id, 2)).toEqual([
        { text: 'Delete plate images after 48 hours.', ownerId: people.users.owner.id, dueDate: '2027-06-30' },
        { text: 'Publish the signage text.', ownerId: people.users.officer.id, dueDate: '2027-03-31' },
      ]);
      expect((await failures(approver.id, approver.email)).lockout).toBe(0); // a success clears the count

      // Another assessment, rejected with reasons (which the page asks for before the ceremony).
      await page.goto(`/pia/${b.ref}/decide`);
      await page.locator('label[for="choice-reject"]').click();
      const noReason = await submit(page, 'Continue to sign');
      expect(noReason.status()).toBe(422);
      expect(await textOf(page, '#reason-error')).toBe('Give the reasons for rejecting it: the owner reads them.');
      expect(await page.locator('#choice-reject').isChecked()).toBe(true);
      await checkPage(page, javaScript, `approver-decide-refused-${label}`);
      await page.getByLabel('Reasons', { exact: true }).fill('Reading every plate in the city is not proportionate.');
      await submit(page, 'Continue to sign');
      expect(await textOf(page, '[data-statement]')).toBe(`“${statement('rejected')}”`);
      await page.getByLabel('Your password').fill(approver.password);
      await submit(page, 'Sign and reject');
      expect(new URL(page.url()).search).toBe('?done=REJECT');
      expect((await stored(b.id)).state).toBe('rejected');
      expect(await decisionOf(b.id)).toMatchObject({
        outcome: 'rejected',
        reasons: 'Reading every plate in the city is not proportionate.',
        decided_by_name: 'Ruth Mensah',
      });
      await context.close();
    },
    180_000, // a whole journey, twice over with axe and screenshots at each page, on a shared machine
  );

  it('keeps the typed decision when the assessment changes while the approver signs: 412 shows it again, 409 in view', async () => {
    const people = await createReviewers(web.app, { owner: { displayName: 'Ama Darko' } });
    const approver = people.users.approver;
    const a = await assessmentInApproval(web.app, people, { title: 'Bus lane cameras' });
    const b = await assessmentInApproval(web.app, people, { title: 'Library loans app' });
    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, approver);
    const reason = 'Proportionate, if the images are kept short.\nThe signage must say so.';
    const condition = 'Delete lane images after 72 hours.';

    /** Opens the decision, approves with reasons and one condition, and goes on to the ceremony with the password. */
    const decideAndType = async (ref: string) => {
      await page.goto(`/pia/${ref}/decide`);
      await page.locator('label[for="choice-conditions"]').click();
      await page.getByLabel('Reasons', { exact: true }).fill(reason);
      await page.locator('#condition-0-text').fill(condition);
      await page.locator('#condition-0-owner').selectOption({ label: 'Ama Darko (Project owner)' });
      await page.locator('#condition-0-due').fill('2027-05-31');
      expect((await submit(page, 'Continue to sign')).status()).toBe(200);
      await page.getByLabel('Your password').fill(approver.password);
    };

    // The deadline job's reminder lands while the approver is on the ceremony: the version moves, the stage does not.
    await decideAndType(a.ref);
    const opened = await stored(a.id);
    await web.app.get(WorkflowService).apply('system', a.id, { type: 'DEADLINE_PASSED' });
    expect(await stored(a.id)).toEqual({ state: 'approval', version: opened.version + 1 });
    const stale = await submit(page, 'Sign and approve with conditions');
    expect(stale.status()).toBe(412);
    expect(await textOf(page, '[data-changed]')).toMatch(
      /^It changed since you opened it: nothing was signed The engine noted that the stage’s deadline passed on .+, after you opened this page\. It is at the stage “Awaiting decision”\./,
    );
    expect(await textOf(page, 'h1')).toBe('Decide on Bus lane cameras');
    expect(await page.locator('#choice-conditions').isChecked()).toBe(true);
    expect(await page.locator('#reason').inputValue()).toBe(reason);
    expect(await page.locator('#condition-0-text').inputValue()).toBe(condition);
    expect(await page.locator('#condition-0-owner').inputValue()).toBe(people.users.owner.id);
    expect(await page.locator('#condition-0-due').inputValue()).toBe('2027-05-31');
    expect(await page.locator('input[name="version"]').inputValue()).toBe(String(opened.version + 1));
    expect(await page.content()).not.toContain(approver.password);
    expect(await stored(a.id)).toEqual({ state: 'approval', version: opened.version + 1 });
    expect(await decisionOf(a.id)).toBeUndefined();
    await checkPage(page, true, 'approver-decide-changed');
    // Signing again, from the page as it now stands, goes through.
    expect((await submit(page, 'Continue to sign')).status()).toBe(200);
    await page.getByLabel('Your password').fill(approver.password);
    await submit(page, 'Sign and approve with conditions');
    expect(new URL(page.url()).search).toBe('?done=APPROVE');
    expect(await decisionOf(a.id)).toMatchObject({ outcome: 'remediation', reasons: reason, decided_by: approver.id });
    expect(await conditionsOf(a.id, 1)).toEqual([
      { text: condition, ownerId: people.users.owner.id, dueDate: '2027-05-31' },
    ]);

    // Decided meanwhile (in another tab, through the API): no decision to make now (409), what was typed stays in view.
    await decideAndType(b.ref);
    await sendEvent(web.app, people.approver, b.id, { type: 'REJECT', reason: 'Decided in another tab.' });
    const gone = await submit(page, 'Sign and approve with conditions');
    expect(gone.status()).toBe(409);
    expect(await textOf(page, '[data-refusal]')).toContain('is at the stage “Rejected”');
    expect(await textOf(page, '[data-unsent]')).toContain('Decision: Approve with conditions');
    expect(await page.locator('[data-unsent-reason]').innerText()).toBe(reason);
    expect(await page.locator('[data-unsent-conditions] li').allTextContents()).toEqual([
      `${condition} (owner: Ama Darko, due 2027-05-31)`,
    ]);
    expect(await page.locator('form[action$="/decide"], #password').count()).toBe(0);
    expect(await page.content()).not.toContain(approver.password);
    expect((await stored(b.id)).state).toBe('rejected');
    expect(await decisionOf(b.id)).toMatchObject({ outcome: 'rejected', reasons: 'Decided in another tab.' });
    await checkPage(page, true, 'approver-decide-decided-meanwhile');
    await context.close();
  }, 120_000);

  it('an approver signs an approval with a condition using the keyboard only, the focus visible at each step', async () => {
    const people = await createReviewers(web.app, { owner: { displayName: 'Zadie Keyes' } });
    const approver = people.users.approver;
    const a = await assessmentInApproval(web.app, people, { title: 'Street lighting sensors' });
    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, approver);
    await page.goto(`/pia/${a.ref}/decide`);

    type Focused = { id: string; name: string; text: string; ring: string; inView: boolean };
    /** The focused element, and its focus ring: its own outline, or (a USWDS radio) its label's. */
    const focused = () =>
      page.evaluate((): Focused => {
        type El = {
          id: string;
          tagName: string;
          textContent: string | null;
          getAttribute(name: string): string | null;
          getBoundingClientRect(): { top: number; bottom: number; width: number; height: number };
        };
        const g = globalThis as unknown as {
          document: { activeElement: El | null; querySelector(selector: string): El | null };
          getComputedStyle(el: El, pseudo?: string): Record<string, string>;
          innerHeight: number;
        };
        const el = g.document.activeElement!;
        const label = el.id ? g.document.querySelector(`label[for="${el.id}"]`) : null;
        const radio = el.getAttribute('type') === 'radio' && label;
        const style = radio ? g.getComputedStyle(label, '::before') : g.getComputedStyle(el);
        const ring = style.outlineStyle !== 'none' && style.outlineWidth !== '0px' ? style.outlineWidth : 'none';
        const box = (radio ? label : el).getBoundingClientRect();
        return {
          id: el.id,
          name: el.getAttribute('name') ?? el.tagName.toLowerCase(),
          text: (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60),
          ring,
          inView: box.bottom > 0 && box.top < g.innerHeight && box.width > 0 && box.height > 0,
        };
      });
    /** One key, then the focus: it must show a ring and sit in view. */
    const press = async (key: string) => {
      await page.keyboard.press(key);
      let now = await focused();
      // The skip link slides into view (a short transition): give the focus a moment to settle.
      for (let i = 0; i < 10 && !now.inView; i++) {
        await page.waitForTimeout(100);
        now = await focused();
      }
      expect({ ...now, ring: now.ring !== 'none' }).toEqual({ ...now, ring: true, inView: true });
      return now;
    };
    /** Presses the key until the focus matches; returns the ids passed on the way. */
    const tabTo = async (match: (f: Focused) => boolean, key = 'Tab') => {
      const passed: string[] = [];
      for (let i = 0; i < 120; i++) {
        const now = await press(key);
        if (match(now)) return passed;
        passed.push(now.id);
      }
      throw new Error('never reached the element with the keyboard');
    };

    // The skip link first, then the page's contents; "Your decision" leads to the form.
    expect((await press('Tab')).text).toBe('Skip to main content');
    await tabTo((f) => f.text === 'Your decision');
    await page.keyboard.press('Enter');
    // The form's fields in reading order.
    expect((await press('Tab')).id).toBe('choice-approve');
    expect((await press('ArrowDown')).id).toBe('choice-conditions'); // arrows move within a radio group
    expect(await page.locator('#choice-conditions').isChecked()).toBe(true);
    expect((await press('Tab')).id).toBe('reason');
    expect((await press('Tab')).id).toBe('condition-0-text');
    await page.keyboard.type('Switch the sensors off between midnight and 5 am.');
    expect((await press('Tab')).id).toBe('condition-0-owner');
    await page.keyboard.type('Zadie'); // a closed select picks the option its name starts with
    expect((await press('Tab')).id).toBe('condition-0-due');
    await page.keyboard.type('09302027');
    expect(await page.locator('#condition-0-due').inputValue()).toBe('2027-09-30');
    // Tab may step through the date's own parts (month, day, year) before it leaves the field.
    expect(new Set(await tabTo((f) => f.text === 'Add another condition'))).toEqual(new Set(['condition-0-due']));
    expect((await press('Tab')).text).toBe('Continue to sign');
    await Promise.all([page.waitForURL(`**/pia/${a.ref}/decide`), page.keyboard.press('Enter')]);
    await page.waitForLoadState();

    // The ceremony: past what the signature means, the password, then the signature itself.
    expect(await textOf(page, '[data-statement]')).toBe(`“${statement('remediation')}”`);
    await tabTo((f) => f.id === 'password');
    await page.keyboard.type(approver.password);
    expect((await press('Tab')).text).toBe('Sign and approve with conditions');
    await Promise.all([page.waitForURL(`**/pia/${a.ref}?done=APPROVE`), page.keyboard.press('Enter')]);
    expect((await stored(a.id)).state).toBe('remediation');
    expect(await conditionsOf(a.id, 1)).toEqual([
      {
        text: 'Switch the sensors off between midnight and 5 am.',
        ownerId: people.users.owner.id,
        dueDate: '2027-09-30',
      },
    ]);
    await context.close();
  });

  it('counts wrong passwords towards the lockout as sign-in does: locked, the page answers 429 and keeps the decision', async () => {
    const people = await createReviewers(web.app, { approver: { displayName: 'Locked Out' } });
    const approver = people.users.approver;
    const a = await assessmentInApproval(web.app, people);
    const browser = await formBrowser(web.app, approver);
    const sign = (password: string) =>
      request(web.app.getHttpServer())
        .post(`/pia/${a.ref}/decide/sign`)
        .set('Cookie', browser.cookie)
        .type('form')
        .send({ _csrf: browser.csrf, choice: 'reject', reason: 'Not proportionate.', rows: '1', password });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await sign(`wrong-${i}`)).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403]); // the fifth failure locks the account
    const locked = await sign(approver.password); // even the right password, while locked
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.text).toContain('Too many failed attempts.');
    expect(locked.text).toContain('Not proportionate.'); // the reasons, kept for the next try
    expect(locked.text).not.toContain(approver.password);
    expect((await stored(a.id)).state).toBe('approval');
    expect(await decisionOf(a.id)).toBeUndefined();
  });

  it('shows the forms only to the approver whose stage it is; others get a refusal that changes nothing', async () => {
    const people = await createReviewers(web.app);
    // An owner who is also an approver: separation of duties keeps them from deciding on their own assessment.
    const other = await createUser(web.app, [Role.ProjectOwner, Role.Approver], { displayName: 'Sam Both' });
    const ownerSession = await login(web.app, other.email, other.password);
    const inApproval = await assessmentInApproval(web.app, { ...people, owner: ownerSession });
    const inScreening = await submittedAssessment(web.app, people.owner);
    const before = await stored(inApproval.id);

    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, other);
    const notYours = await page.goto(`/pia/${inApproval.ref}/decide`);
    expect(notYours?.status()).toBe(403);
    expect(await textOf(page, 'h1')).toBe('This decision is not yours to sign');
    expect(await page.locator('form[action$="/decide"], #password').count()).toBe(0);
    await checkPage(page, true, 'approver-decide-not-yours');
    const early = await page.goto(`/pia/${inScreening.ref}/decide`);
    expect(early?.status()).toBe(409);
    expect(await textOf(page, '[data-refusal]')).toContain('is at the stage “Screening”');
    await context.close();

    // A privacy officer holds no decision permission at all: the site's 403 page.
    const officer = await newBrowserContext(web.browser, web.baseUrl);
    const officerPage = await officer.newPage();
    await signIn(officerPage, people.users.officer);
    expect((await officerPage.goto(`/pia/${inApproval.ref}/decide`))?.status()).toBe(403);
    await officer.close();
    expect(await stored(inApproval.id)).toEqual(before);
  });
});
