import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { Role } from '../../src/common/auth/roles';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';
import { saveAnswers, submittedAssessment } from '../support/assessments';
import { decisionWhen } from '../support/decisions';
import { createUser, type TestUser } from '../support/identity';
import { createReviewers, type ReviewerAccounts } from '../support/reviewers';
import { checkPage, textOf, newBrowserContext, signIn, webSuite } from '../support/web';

/**
 * The whole review in a browser, as five people do it: the owner starts and submits, the privacy officer screens,
 * assigns and keeps the risk register, legal counsel clears, the approver signs, and the records officer archives.
 * Every page on the way is checked with axe. The signed PDF downloaded from the page passes pdfsig, and the package
 * downloaded from the records pages passes sha256sum -c.
 */
describe('five people take an assessment from its start to the archive, in a browser', () => {
  const web = webSuite();

  const stored = async (ref: string): Promise<{ id: string; state: string; version: number }> =>
    (await web.db.query('SELECT id, state, version FROM assessments WHERE ref = $1', [ref]))[0];
  const eventTypes = async (ref: string): Promise<string[]> =>
    (
      await web.db.query(
        `SELECT e.type FROM assessment_events e JOIN assessments a ON a.id = e.assessment_id
          WHERE a.ref = $1 ORDER BY e.seq`,
        [ref],
      )
    ).map((row: { type: string }) => row.type);

  async function as(user: TestUser, javaScript: boolean): Promise<Page> {
    const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
    const page = await context.newPage();
    await signIn(page, user);
    return page;
  }

  /** Follows a link that answers with a file, as a person saving it would. */
  async function save(page: Page, link: ReturnType<Page['getByRole']>): Promise<{ path: string; name: string }> {
    const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    return { path, name: download.suggestedFilename() };
  }

  /** The privacy officer: from the queue to screening, assignment, the risk register and completion. */
  async function officerReviews(page: Page, ref: string, people: ReviewerAccounts, javaScript: boolean) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    await page.waitForURL('**/review');
    await checkPage(page, javaScript);
    await page.getByRole('link', { name: `Review the screening for ${ref}` }).click();
    await page.waitForURL(`**/pia/${ref}/screening`);
    expect(await textOf(page, '[data-proposed]')).toBe('Full privacy impact assessment');
    await checkPage(page, javaScript);
    await page.getByRole('button', { name: 'Confirm the screening' }).click();
    await page.waitForURL(`**/pia/${ref}?done=CONFIRM_SCREENING`);
    expect((await stored(ref)).state).toBe('risk_assessment');

    // The status page now offers the officer the steps the workflow allows (completion waits for the register).
    const actions = page.locator('[data-actions]');
    expect(await actions.getByRole('link').allTextContents()).toEqual([
      'Assign legal counsel and the approver',
      'Ask the owner for changes',
    ]);
    await checkPage(page, javaScript);
    await actions.getByRole('link', { name: 'Assign legal counsel and the approver' }).click();
    await page.waitForURL(`**/pia/${ref}/assign`);
    await checkPage(page, javaScript);
    await page
      .getByLabel('Who should do the legal review?')
      .selectOption({ label: `${people.counsel.displayName} (${people.counsel.email})` });
    await page.getByRole('button', { name: 'Assign legal counsel' }).click();
    await page.waitForURL(`**/pia/${ref}?done=ASSIGN`);
    await page.goto(`/pia/${ref}/assign`);
    await page
      .getByLabel('Who should decide?')
      .selectOption({ label: `${people.approver.displayName} (${people.approver.email})` });
    await page.getByRole('button', { name: 'Assign the approver' }).click();
    await page.waitForURL(`**/pia/${ref}?done=ASSIGN`);

    // The register: every risk gets a treatment and a residual score; the first stays high and is accepted.
    await page.getByRole('link', { name: 'See the risk register and its heat map' }).click();
    await page.waitForURL(`**/pia/${ref}/risk`);
    await checkPage(page, javaScript);
    const adjust = page.locator('[data-risks] > li').getByRole('link', { name: /Adjust the score/ });
    const riskPages = await Promise.all((await adjust.all()).map((link) => link.getAttribute('href')));
    expect(await page.locator('[data-blocker-list] li').count()).toBe(riskPages.length);
    for (const [i, href] of riskPages.entries()) {
      await page.goto(href!);
      if (i === 0) await checkPage(page, javaScript);
      const value = i === 0 ? '3' : '1';
      for (const dimension of ['severity', 'likelihood']) {
        await page.getByLabel(`Residual ${dimension}`, { exact: true }).selectOption(value);
        await page.getByLabel(`Why this residual ${dimension}`).fill('Checked with the project team.');
      }
      await page
        .locator('label')
        .filter({ hasText: i === 0 ? /^Accepted$/ : /^Reduced$/ })
        .click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL(/\?saved=1$/);
    }
    // Reduced risks each need a measure: one measure treats them all.
    await page.goto(`/pia/${ref}/risk`);
    expect(await page.locator('[data-blocker-list] li').count()).toBe(riskPages.length - 1);
    await page.getByRole('link', { name: 'Add a measure' }).click();
    await page.waitForURL(`**/pia/${ref}/risk/measures`);
    await checkPage(page, javaScript);
    await page.getByLabel('What is the measure?').fill('Hash plates at the sensor');
    for (const box of await page.locator('[name="riskIds"]').all()) {
      await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
    }
    await page.getByRole('button', { name: 'Add the measure' }).click();
    await page.waitForURL(`**/pia/${ref}/risk/measures?done=added`);
    await page.goto(`/pia/${ref}/risk`);
    expect(await page.locator('[data-blocker-list] li').count()).toBe(0);
    await page.getByRole('link', { name: 'Complete the risk assessment' }).click();
    await page.waitForURL(`**/pia/${ref}/complete`);
    expect(await textOf(page, '[data-next]')).toBe('To Legal review, because:');
    await checkPage(page, javaScript);
    await page.getByRole('button', { name: 'Complete the risk assessment' }).click();
    await page.waitForURL(`**/pia/${ref}?done=COMPLETE_RISK_ASSESSMENT`);
    expect((await stored(ref)).state).toBe('legal_review');
    await page.context().close();
  }

  /** Legal counsel: the queue, the high risk that sent it to them, findings, cleared. */
  async function counselClears(page: Page, ref: string, javaScript: boolean) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    await page.waitForURL('**/review');
    await checkPage(page, javaScript);
    await page.getByRole('link', { name: `Do the legal review for ${ref}` }).click();
    await page.waitForURL(`**/pia/${ref}/legal`);
    expect(await page.locator('[data-high-risks] tbody tr').count()).toBe(1);
    await checkPage(page, javaScript);
    await page.getByLabel('Findings').fill('The accepted residual risk is lawful under the municipal code.');
    await page.getByRole('button', { name: 'Clear the legal review' }).click();
    await page.waitForURL(`**/pia/${ref}?done=LEGAL_CLEAR`);
    expect((await stored(ref)).state).toBe('approval');
    await page.context().close();
  }

  /** The approver: the status page leads to the decision; one condition; the signing ceremony. */
  async function approverSigns(page: Page, ref: string, people: ReviewerAccounts, javaScript: boolean) {
    await page.goto(`/pia/${ref}`);
    await checkPage(page, javaScript);
    await page.locator('[data-actions]').getByRole('link', { name: 'Decide' }).click();
    await page.waitForURL(`**/pia/${ref}/decide`);
    expect(await textOf(page, '[data-findings]')).toBe(
      'The accepted residual risk is lawful under the municipal code.',
    );
    await checkPage(page, javaScript);
    await page.locator('label[for="choice-conditions"]').click();
    await page.getByLabel('What must be done', { exact: true }).fill('Delete plate images after 48 hours.');
    await page
      .getByLabel('Owner', { exact: true })
      .selectOption({ label: `${people.owner.displayName} (Project owner)` });
    await page.getByLabel('Due date', { exact: true }).fill('2027-06-30');
    await page.getByRole('button', { name: 'Continue to sign', exact: true }).click();
    await page.waitForLoadState();
    expect(await textOf(page, 'h1')).toBe('Sign your decision');
    await checkPage(page, javaScript);
    await page.getByLabel('Your password').fill(people.approver.password);
    await page.getByRole('button', { name: 'Sign and approve with conditions', exact: true }).click();
    await page.waitForURL(`**/pia/${ref}?done=APPROVE`);
    expect((await stored(ref)).state).toBe('remediation');
  }

  it('with script: the owner submits, three reviewers decide, the records officer archives the signed decision', async () => {
    const people = await createReviewers(web.app, {
      owner: { displayName: 'Dana Okafor', department: 'Transportation' },
      officer: { displayName: 'Priya Shah' },
      counsel: { displayName: 'Lee Marsh' },
      approver: { displayName: 'Ruth Mensah' },
    });
    const records = await createUser(web.app, [Role.RecordsOfficer], { displayName: 'Ana Costa' });

    // 1. The owner starts it and submits it. (Every field of the questionnaire is walked in the browser by
    // owner-questionnaire.e2e-spec.ts; here the answers are saved through the API to keep the journey short.)
    const owner = await as(people.users.owner, true);
    await owner.goto('/pia/new');
    await owner.getByLabel('Project title').fill('Loading zone cameras');
    await owner.getByLabel('What the project does').fill('Cameras read licence plates at commercial loading zones.');
    await owner.getByRole('button', { name: 'Start the assessment' }).click();
    await owner.waitForURL(/\/sections\/screening$/);
    const ref = new URL(owner.url()).pathname.split('/')[2];
    const started = await stored(ref);
    await saveAnswers(web.app, people.owner, started.id, started.version, PARKING_APP_ANSWERS);
    await owner.goto(`/pia/${ref}/submit`);
    await checkPage(owner, true);
    await owner.getByRole('button', { name: 'Submit for review' }).click();
    await owner.waitForURL(`**/pia/${ref}?done=SUBMIT`);
    expect((await stored(ref)).state).toBe('screening');
    await checkPage(owner, true);

    // 2–4. The reviewers, each in their own browser.
    await officerReviews(await as(people.users.officer, true), ref, people.users, true);
    await counselClears(await as(people.users.counsel, true), ref, true);
    const approver = await as(people.users.approver, true);
    await approverSigns(approver, ref, people.users, true);

    // The signed PDF, downloaded from the status page once issued, passes pdfsig.
    const { id } = await stored(ref);
    await decisionWhen(web.app, people.officer, id);
    await approver.goto(`/pia/${ref}`);
    await checkPage(approver, true, 'lifecycle-decided');
    const pdf = await save(approver, approver.getByRole('link', { name: /^Signed decision document \(PDF/ }));
    expect(pdf.name).toBe(`${ref}-decision-v1.pdf`);
    const report = spawnSync('pdfsig', [pdf.path], { encoding: 'utf8' }).stdout;
    expect(report).toContain('Signature Validation: Signature is Valid.');
    await approver.context().close();

    // 5. The records officer finds the decision, packages it and checks the bag it downloads.
    const archivist = await as(records, true);
    await archivist.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
    await archivist.waitForURL('**/records');
    await archivist.getByLabel('Department').fill('Transportation');
    await archivist.getByRole('button', { name: 'Apply filters' }).click();
    await archivist.waitForURL((url) => url.searchParams.get('department') === 'Transportation');
    expect(await archivist.locator('main table tbody tr', { hasText: ref }).count()).toBe(1);
    await checkPage(archivist, true);
    await archivist.getByRole('button', { name: 'Make an archival package of these decisions' }).click();
    await archivist.waitForURL(/\/records\/archives\/[0-9a-f-]{36}$/);
    await checkPage(archivist, true);
    const link = archivist.getByRole('link', { name: /^Download the package \(ZIP, / });
    await link.waitFor({ timeout: 30_000 }); // the progress updates itself until the package is ready
    const zip = await save(archivist, link);
    const dir = mkdtempSync(join(tmpdir(), 'lifecycle-bag-'));
    execFileSync('unzip', ['-q', zip.path, '-d', dir]);
    const bag = join(dir, readdirSync(dir)[0]);
    const checked = execFileSync('sha256sum', ['-c', 'manifest-sha256.txt'], { cwd: bag, encoding: 'utf8' });
    expect(checked).toContain(`data/${ref}/decision-cycle-1.pdf: OK`);
    expect(readFileSync(join(bag, 'data', ref, 'decision-cycle-1.pdf')).equals(readFileSync(pdf.path))).toBe(true);
    await archivist.context().close();

    expect(await eventTypes(ref)).toEqual([
      'CREATED',
      'SUBMIT',
      'CONFIRM_SCREENING',
      'ASSIGN',
      'ASSIGN',
      'COMPLETE_RISK_ASSESSMENT',
      'LEGAL_CLEAR',
      'APPROVE',
    ]);
  }, 300_000);

  it('without script: the reviewers screen, assess, clear and sign with the same pages', async () => {
    const people = await createReviewers(web.app, {
      owner: { displayName: 'Kofi Boateng' },
      officer: { displayName: 'Mei Lin' },
      counsel: { displayName: 'Omar Haddad' },
      approver: { displayName: 'Grace Adeyemi' },
    });
    const { ref } = await submittedAssessment(web.app, people.owner, { title: 'Curb-space sensors' });
    await officerReviews(await as(people.users.officer, false), ref, people.users, false);
    await counselClears(await as(people.users.counsel, false), ref, false);
    const approver = await as(people.users.approver, false);
    await approverSigns(approver, ref, people.users, false);
    await approver.context().close();
  }, 240_000);
});
