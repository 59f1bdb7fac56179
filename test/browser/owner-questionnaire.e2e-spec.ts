import type { Page } from 'playwright-core';
import { Role } from '../../src/common/auth/roles';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';
import { createAssessment, saveAnswers } from '../support/assessments';
import { eventually } from '../support/eventually';
import { createUser, login } from '../support/identity';
import { newBrowserContext, screenshots, seriousAxeViolations, signIn, webSuite } from '../support/web';

type Answers = Record<string, unknown>;

/** A title that would run script if any page printed it as markup. */
const TITLE = 'Curb cameras <script>alert(1)</script> "><img src=x onerror=alert(1)>';

/** Checks the page as it stands (axe: nothing serious) and, when named, screenshots it (no sideways scroll at 320). */
async function check(page: Page, javaScript: boolean, screenshot?: string) {
  expect(await seriousAxeViolations(page, { javaScript })).toEqual([]);
  if (screenshot) {
    const { widthAt320 } = await screenshots(page, `${screenshot}-${javaScript ? 'js' : 'nojs'}`);
    expect(widthAt320).toBeLessThanOrEqual(320);
  }
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
/** Radios and checkboxes are clicked by their labels, as people do (USWDS draws its own boxes). */
const choose = (page: Page, inputId: string) => page.locator(`label[for="${inputId}"]`).click();
const fill = (page: Page, name: string, value: string) => page.locator(`[name="${name}"]`).fill(value);
const saveAndContinue = async (page: Page) => {
  await page.getByRole('button', { name: /^Save and (continue|check)$/ }).click();
  await page.waitForLoadState();
};

/** Fills one row of the data inventory by its form number. */
async function fillElement(page: Page, i: number, name: string, category: string) {
  await fill(page, `data_inventory.${i}.name`, name);
  await page.selectOption(`[name="data_inventory.${i}.category"]`, category);
  await page.selectOption(`[name="data_inventory.${i}.sensitivity"]`, 'moderate');
  await page.selectOption(`[name="data_inventory.${i}.source"]`, 'data_subject');
  await choose(page, `data_inventory-${i}-recipients`); // the first: city staff
  await fill(page, `data_inventory.${i}.retentionValue`, '3');
  await page.selectOption(`[name="data_inventory.${i}.retentionUnit"]`, 'years');
  await page.selectOption(`[name="data_inventory.${i}.legalBasis"]`, 'ordinance_or_statute');
}

describe("the project owner's questionnaire, in a browser", () => {
  const web = webSuite();

  const stored = async (ref: string): Promise<{ state: string; version: number; answers: Answers }> =>
    (await web.db.query('SELECT state, version, answers FROM assessments WHERE ref = $1', [ref]))[0];

  it.each([
    ['with script', true],
    ['without script', false],
  ])(
    'an owner starts an assessment, fills every section, fixes an error and submits (%s)',
    async (_, javaScript) => {
      const owner = await createUser(web.app, [Role.ProjectOwner], {
        displayName: 'Dana Okafor',
        department: 'Transportation',
      });
      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, owner);

      // 1. Start: title, department (their own, offered), what the project does.
      await page.goto('/pia/new');
      expect(await h1(page)).toBe('Start a privacy impact assessment');
      expect(await page.getByLabel('Department').inputValue()).toBe('Transportation');
      await check(page, javaScript, 'pia-new');
      await page.getByRole('button', { name: 'Start the assessment' }).click();
      expect(await page.getByRole('alert').textContent()).toContain("Enter the project's title.");
      await page.getByLabel('Project title').fill(TITLE);
      await page.getByLabel('What the project does').fill('Cameras read licence plates at loading zones.');
      await page.getByRole('button', { name: 'Start the assessment' }).click();
      await page.waitForURL(/\/pia\/PIA-\d{4}-\d{4}\/sections\/screening$/);
      const ref = /PIA-\d{4}-\d{4}/.exec(page.url())![0];
      expect(await h1(page)).toBe('Screening');
      expect(await page.locator('.app-caption').textContent()).toContain(TITLE); // text, not markup
      expect(await page.locator('main img, main script').count()).toBe(0);
      expect((await stored(ref)).answers).toEqual({
        project_description: 'Cameras read licence plates at loading zones.',
      });

      // 2. Screening, with a conditional question and the surveillance sections that appear after "yes".
      const nav = page.getByRole('navigation', { name: 'Sections of the assessment' });
      expect(await nav.getByRole('link', { name: /SIR: Fiscal impact/ }).count()).toBe(0);
      expect(await page.locator('[data-question="sensitive_categories"]').isVisible()).toBe(false);
      for (const id of ['wp248_evaluation', 'wp248_automated_decision', 'wp248_matching', 'wp248_prevents_rights'])
        await choose(page, `${id}-no`);
      await choose(page, 'wp248_systematic_monitoring'); // yes
      await choose(page, 'wp248_sensitive_data'); // yes
      await choose(page, 'wp248_innovative_technology-no');
      await choose(page, 'surveillance_technology'); // yes
      await fill(page, 'scale_people', 'about 5000'); // not a number: refused, and kept as typed
      await choose(page, 'geographic_extent-citywide');
      await choose(page, 'data_subjects'); // residents
      if (javaScript) {
        // With script, the conditional question and the SIR sections show at once.
        expect(await page.locator('[data-question="sensitive_categories"]').isVisible()).toBe(true);
        expect(await page.locator('[data-question="sensitive_categories"] legend').innerText()).not.toContain(
          '(optional)',
        );
        // A section shown before its condition is saved says so, and opens once saved (its page would be a 404).
        const fiscal = nav.getByRole('listitem').filter({ hasText: 'SIR: Fiscal impact' });
        expect(await fiscal.isVisible()).toBe(true);
        expect(await fiscal.textContent()).toContain('Opens once you save this page');
        await choose(page, 'sensitive_categories-location');
      }
      await check(page, javaScript, 'pia-section');
      await saveAndContinue(page);

      // A refused save: the summary (focused) links to the field; the message sits beside it; all typed is kept.
      const summary = page.locator('[data-error-summary]');
      expect(await summary.textContent()).toContain("About how many people's information");
      expect(await summary.textContent()).toContain('handle in a year?: must be a number.');
      expect(await page.locator('#scale_people-error').textContent()).toContain('Must be a number.');
      expect(await page.locator('#scale_people').inputValue()).toBe('about 5000');
      expect(await page.locator('#surveillance_technology').isChecked()).toBe(true);
      expect(await page.locator('#geographic_extent-citywide').isChecked()).toBe(true);
      if (javaScript) {
        expect(
          await summary.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement),
        ).toBe(true);
        expect(await page.locator('#sensitive_categories-location').isChecked()).toBe(true);
      }
      expect(await stored(ref)).toMatchObject({ version: 2 }); // nothing of it was saved
      await check(page, javaScript, 'pia-error');
      await summary.getByRole('link').first().click();
      expect(new URL(page.url()).hash).toBe('#scale_people');
      if (javaScript)
        expect(
          await page.evaluate(
            () => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id,
          ),
        ).toBe('scale_people');
      await fill(page, 'scale_people', '5000');
      if (!javaScript) {
        // Without script the conditional question appears once the answer it depends on is saved.
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.waitForURL((url) => url.search === '?saved=1');
        expect(await page.getByRole('status').textContent()).toContain('saved');
        expect(await page.locator('[data-question="sensitive_categories"]').isVisible()).toBe(true);
        expect(await nav.getByRole('link', { name: /SIR: Fiscal impact/ }).isVisible()).toBe(true);
        await choose(page, 'sensitive_categories-location');
        await check(page, javaScript);
      }
      await saveAndContinue(page);
      await page.waitForURL(`**/pia/${ref}/sections/abstract`);
      expect(await nav.getByRole('link', { name: /Screening/ }).textContent()).toContain('Complete');
      expect(await nav.getByRole('link', { name: /Abstract/ }).textContent()).toContain('Not started');

      // 3. Every other section.
      await fill(page, 'abstract_purpose', 'Keep loading zones free for deliveries.');
      if (javaScript) {
        // With script, a pause in typing saves the section (same validation, same version check).
        await eventually(
          'the autosave',
          async () => (await stored(ref)).answers.abstract_purpose,
          (purpose) => purpose === 'Keep loading zones free for deliveries.',
          { timeoutMs: 10_000 },
        );
        await page.getByText(/^Saved automatically at/).waitFor();
      }
      await fill(page, 'abstract_summary', 'Cameras read plates of vehicles that stay too long.');
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/project_overview`);
      expect(await page.locator('#project_description').inputValue()).toBe(
        'Cameras read licence plates at loading zones.',
      );
      await fill(page, 'project_benefits', 'Fewer double-parked trucks.');
      await fill(page, 'technology_description', 'Fixed cameras with plate recognition.');
      await fill(page, 'planned_start', '2027-03-01');
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/use_governance`);
      await fill(page, 'allowed_uses', 'Enforcing loading-zone time limits only.');
      await fill(page, 'access_roles.0.role', 'Parking enforcement');
      await page.selectOption('[name="access_roles.0.access_level"]', 'view');
      await fill(page, 'access_roles.0.reason', 'Issue citations.');
      await fill(page, 'access_controls', 'Single sign-on, role-based access.');
      await check(page, javaScript);
      await saveAndContinue(page);

      // The data inventory: add two rows, edit one, remove one.
      await page.waitForURL(`**/sections/data_collection`);
      await fillElement(page, 0, 'Licence plate', 'identifiers');
      await fill(page, 'collection_method', 'Cameras at each loading zone.');
      await choose(page, 'notice_given'); // yes: how people are told is asked next
      await fill(page, 'data_minimization', 'Only vehicles in the zone are read.');
      if (javaScript) {
        await page.getByRole('button', { name: 'Add another data element' }).click();
        expect(await page.locator('[data-rows="data_inventory"] [data-row]').count()).toBe(2);
      } else {
        // Without script there is no button that would not work: a blank row comes after each save.
        expect(await page.getByRole('button', { name: 'Add another data element' }).isVisible()).toBe(false);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.waitForURL((url) => url.search === '?saved=1');
      }
      await fillElement(page, 1, 'Vehicle photo', 'images_video');
      await fill(page, 'notice_description', 'Signs at every zone.');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL((url) => url.search === '?saved=1');
      expect(((await stored(ref)).answers.data_inventory as { name: string }[]).map((e) => e.name)).toEqual([
        'Licence plate',
        'Vehicle photo',
      ]);
      await check(page, javaScript, 'pia-inventory');
      await fill(page, 'data_inventory.0.name', 'Licence plate number');
      await choose(page, 'data_inventory-1-_remove');
      await saveAndContinue(page);
      await page.waitForURL(`**/sections/storage_retention`);
      const inventory = (await stored(ref)).answers.data_inventory as Answers[];
      expect(inventory).toEqual([
        {
          name: 'Licence plate number',
          category: 'identifiers',
          sensitivity: 'moderate',
          source: 'data_subject',
          recipients: ['internal'],
          retention: { value: 3, unit: 'years' },
          legalBasis: 'ordinance_or_statute',
        },
      ]);

      await choose(page, 'storage_location-city_cloud');
      await fill(page, 'retention_schedule', 'GS 2010-001');
      await fill(page, 'deletion_process', 'Deleted automatically after 3 years.');
      await choose(page, 'encrypted_at_rest');
      await choose(page, 'security_review'); // completed
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/sharing_accuracy`);
      await choose(page, 'shares_data'); // yes: who it is shared with is asked next
      await fill(page, 'accuracy_measures', 'Officers confirm each read.');
      await fill(page, 'correction_process', 'Contest through the court.');
      if (!javaScript) {
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.waitForURL((url) => url.search === '?saved=1');
        await check(page, javaScript);
      }
      await fill(page, 'sharing_partners.0.partner', 'Municipal court');
      await fill(page, 'sharing_partners.0.purpose', 'Contested citations.');
      await page.selectOption('[name="sharing_partners.0.agreement"]', 'yes');
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/legal`);
      await fill(page, 'legal_authority', 'Municipal code 11.23.');
      await choose(page, 'legal_frameworks-surveillance_ordinance');
      await choose(page, 'compliance_risk-value-2');
      await fill(page, 'compliance_risk.justification', 'Covered by the ordinance.');
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/monitoring`);
      await choose(page, 'audit_logging');
      for (const id of ['monitoring_plan', 'training', 'complaints'])
        await fill(page, id, `Our ${id.replace('_', ' ')}.`);
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/sir_fiscal`);
      await fill(page, 'initial_cost', '120000');
      await fill(page, 'annual_cost', '15000');
      await fill(page, 'funding_source', 'Transportation levy');
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/sir_expertise`);
      await fill(page, 'expertise_references', 'Other cities using plate readers.');
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/sir_racial_equity`);
      for (const id of [
        'outcomes',
        'stakeholders',
        'benefits_burdens',
        'advance_opportunity',
        'evaluate',
        'report_back',
      ])
        await fill(page, `ret_${id}`, `Racial equity: ${id}.`);
      await check(page, javaScript);
      await saveAndContinue(page);

      await page.waitForURL(`**/sections/sir_public_engagement`);
      await fill(page, 'engagement_plan', 'Two public meetings.');
      await check(page, javaScript);
      await saveAndContinue(page);

      // 4. Submit: everything is there, and the button comes from the workflow's allowed events.
      await page.waitForURL(`**/pia/${ref}/submit`);
      expect(await h1(page)).toBe('Check and submit');
      expect(await page.textContent('main')).toContain('Every section is complete');
      await check(page, javaScript, 'pia-submit');
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.waitForURL((url) => url.pathname === `/pia/${ref}`);
      await check(page, javaScript);
      expect(await page.textContent('main')).toContain('Submitted for review.'); // the status page says what happened
      expect(['screening', 'risk_assessment', 'legal_review', 'approval']).toContain((await stored(ref)).state);

      // Submitted: the owner reads the sections, and can no longer change them.
      await page.goto(`/pia/${ref}/sections/data_collection`);
      expect(await page.locator('form[data-questionnaire]').count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
      expect(await page.textContent('main')).toContain('Licence plate number');
      await check(page, javaScript, 'pia-read-only');
      await context.close();
    },
    180_000,
  );

  it('two browsers edit the same section: the second save shows the conflict with both answers, then keeps theirs', async () => {
    const owner = await createUser(web.app, [Role.ProjectOwner], { displayName: 'Dana Okafor' });
    const session = await login(web.app, owner.email, owner.password);
    const { id, ref } = await createAssessment(web.app, session);
    await saveAnswers(web.app, session, id, 1, { abstract_purpose: 'First draft of the purpose.' });
    const [first, second] = await Promise.all([
      newBrowserContext(web.browser, web.baseUrl),
      newBrowserContext(web.browser, web.baseUrl, { javaScript: false }),
    ]);
    const pageA = await first.newPage();
    const pageB = await second.newPage();
    await signIn(pageA, owner);
    await signIn(pageB, owner);
    await pageA.goto(`/pia/${ref}/sections/abstract`);
    await pageB.goto(`/pia/${ref}/sections/abstract`);

    // A saves first: a new purpose and a summary.
    await fill(pageA, 'abstract_purpose', 'Purpose as A wrote it.');
    await fill(pageA, 'abstract_summary', 'Summary as A wrote it.');
    await pageA.getByRole('button', { name: 'Save', exact: true }).click();
    await pageA.waitForURL((url) => url.search === '?saved=1');

    // B, still on the old version, changes the purpose only: refused, with A's answer beside B's.
    await fill(pageB, 'abstract_purpose', 'Purpose as B wrote it.');
    await pageB.getByRole('button', { name: 'Save', exact: true }).click();
    await pageB.waitForLoadState();
    const alert = pageB.locator('[data-error-summary]');
    expect(await alert.textContent()).toContain('Dana Okafor saved this assessment first');
    expect(await alert.textContent()).toMatch(/1 answer of yours differs/);
    expect(await pageB.locator('#abstract_purpose-conflict').textContent()).toContain('Purpose as A wrote it.');
    expect(await pageB.locator('#abstract_purpose').inputValue()).toBe('Purpose as B wrote it.');
    // B had not touched the summary: it now shows A's, so saving again does not undo A's work.
    expect(await pageB.locator('#abstract_summary').inputValue()).toBe('Summary as A wrote it.');
    expect((await stored(ref)).answers).toMatchObject({ abstract_purpose: 'Purpose as A wrote it.' });
    await check(pageB, false, 'pia-conflict');

    // B keeps theirs and saves again, against the new version.
    await pageB.getByRole('button', { name: 'Save', exact: true }).click();
    await pageB.waitForURL((url) => url.search === '?saved=1');
    expect(await stored(ref)).toMatchObject({
      version: 4,
      answers: { abstract_purpose: 'Purpose as B wrote it.', abstract_summary: 'Summary as A wrote it.' },
    });
    // A's page is now behind too: its autosave is refused, says so, and stops; nothing of B's is overwritten.
    await fill(pageA, 'abstract_purpose', 'A again, on an old page.');
    await pageA.getByText(/^Someone else saved this assessment/).waitFor();
    expect(await stored(ref)).toMatchObject({ version: 4, answers: { abstract_purpose: 'Purpose as B wrote it.' } });
    await first.close();
    await second.close();
  });

  it("refuses another owner's assessment by URL (404) and a form without its CSRF token (403), changing nothing", async () => {
    const owner = await createUser(web.app, [Role.ProjectOwner]);
    const other = await createUser(web.app, [Role.ProjectOwner]);
    const session = await login(web.app, owner.email, owner.password);
    const { id, ref } = await createAssessment(web.app, session);
    await saveAnswers(web.app, session, id, 1, { abstract_purpose: 'The owner wrote this.' });
    const before = await stored(ref);

    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, other);
    for (const path of [
      `/pia/${ref}/sections/abstract`,
      `/pia/${ref}/submit`,
      `/pia/PIA-1999-9999/sections/abstract`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      expect(await h1(page)).toBe('Page not found');
    }
    await check(page, true);
    // With a valid token of their own session, a save or a submit still finds nothing.
    await page.goto('/pia/new');
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const save = await page.request.post(`/pia/${ref}/sections/abstract`, {
      form: { _csrf: token, version: String(before.version), abstract_purpose: 'Overwritten by another owner' },
      maxRedirects: 0,
    });
    expect(save.status()).toBe(404);
    const submit = await page.request.post(`/pia/${ref}/submit`, {
      form: { _csrf: token, version: String(before.version), event: 'SUBMIT' },
      maxRedirects: 0,
    });
    expect(submit.status()).toBe(404);

    // The owner's own web.browser, without the token: refused.
    const ownContext = await newBrowserContext(web.browser, web.baseUrl);
    const ownPage = await ownContext.newPage();
    await signIn(ownPage, owner);
    const forged = await ownPage.request.post(`/pia/${ref}/sections/abstract`, {
      form: { version: String(before.version), abstract_purpose: 'Posted from another site' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const created = await ownPage.request.post('/pia', { form: { title: 'Forged', department: 'X' }, maxRedirects: 0 });
    expect(created.status()).toBe(403);
    expect(await stored(ref)).toEqual(before);
    expect(
      Number((await web.db.query('SELECT count(*) AS n FROM assessments WHERE title = $1', ['Forged']))[0].n),
    ).toBe(0);
    await context.close();
    await ownContext.close();
  });

  it('an owner completes a section and submits with the keyboard only', async () => {
    const owner = await createUser(web.app, [Role.ProjectOwner]);
    const session = await login(web.app, owner.email, owner.password);
    const { id, ref } = await createAssessment(web.app, session);
    const { abstract_purpose: _, abstract_summary: __, ...rest } = PARKING_APP_ANSWERS as Answers;
    await saveAnswers(web.app, session, id, 1, rest);
    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, owner);
    await page.goto(`/pia/${ref}/submit`);

    // What is missing, per section, each item linked to its field; no submit button yet.
    const missing = page.locator('.app-missing a');
    expect(await missing.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      `/pia/${ref}/sections/abstract#abstract_purpose`,
      `/pia/${ref}/sections/abstract#abstract_summary`,
    ]);
    expect(await page.getByRole('button', { name: 'Submit for review' }).count()).toBe(0);
    await check(page, true, 'pia-submit-missing');

    const focused = () =>
      page.evaluate(() => {
        const el = (
          globalThis as unknown as { document: { activeElement: { id: string; textContent: string } | null } }
        ).document.activeElement;
        return el ? `${el.id}|${el.textContent?.trim() ?? ''}` : '';
      });
    /** Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user would. */
    const tabTo = async (match: RegExp, key = 'Tab') => {
      for (let i = 0; i < 80; i++) {
        if (match.test(await focused())) return;
        await page.keyboard.press(key);
      }
      throw new Error(`never reached ${match} with ${key}`);
    };
    await tabTo(/\|Answer: Why is the project being proposed\?/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/pia/${ref}/sections/abstract#abstract_purpose`);
    expect(await focused()).toMatch(/^abstract_purpose\|/); // the link's field, ready to type in
    await page.keyboard.type('Keep loading zones free.');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^abstract_summary\|/);
    await page.keyboard.type('Cameras read plates.');
    await page.keyboard.press('Shift+Tab'); // back, to check the first answer is still there
    expect(await page.locator('#abstract_purpose').inputValue()).toBe('Keep loading zones free.');
    await tabTo(/\|Save and continue$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/pia/${ref}/sections/project_overview`);
    expect(await stored(ref)).toMatchObject({
      answers: { abstract_purpose: 'Keep loading zones free.', abstract_summary: 'Cameras read plates.' },
    });

    await tabTo(/\|Check and submit/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/pia/${ref}/submit`);
    await tabTo(/^submit\|Submit for review$/);
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.pathname === `/pia/${ref}`);
    expect((await stored(ref)).state).not.toBe('draft');
    await context.close();
  });
});
