import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { sendEvent, submittedAssessment } from '../support/assessments';
import { bearer } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { checkPage, textOf, ARTIFACTS, newBrowserContext, signIn, webSuite } from '../support/web';

interface StoredRisk {
  id: string;
  label: string;
  inherent: { dimensions: Record<string, number>; adjusted: boolean };
  residual: { dimensions: Record<string, number>; level: string } | null;
  treatment: string | null;
}

describe('the privacy officer keeps the risk register in a browser', () => {
  const web = webSuite();

  const risks = async (id: string): Promise<StoredRisk[]> =>
    web.db.query(
      `SELECT id, label, inherent, residual, treatment FROM risks WHERE assessment_id = $1 ORDER BY category, model_risk_id`,
      [id],
    );
  const adjustments = async (riskId: string): Promise<{ kind: string; justifications: Record<string, string> }[]> =>
    web.db.query('SELECT kind, justifications FROM risk_adjustments WHERE risk_id = $1 ORDER BY id', [riskId]);
  /** USWDS hides the radio or checkbox itself: a person clicks its label. */
  const choose = (page: Page, name: string) =>
    page
      .locator('label')
      .filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
      .click();
  const blockers = (page: Page) => page.locator('[data-blocker-list] li').allTextContents();

  /** The heat map's section alone at 1280 and 375 px, to look at (the full pages are long). */
  async function heatmapShots(page: Page, name: string) {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator('[data-heatmap]').screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it.each([
    // Without script only: these pages carry no script of their own, and lifecycle.e2e-spec.ts walks them with it.
    ['without-script', false],
  ])(
    'adjusts scores with justifications, records treatments, adds a measure for two risks, rescores, and sees nothing left blocking (%s)',
    async (label, javaScript) => {
      const people = await createReviewers(web.app, {
        owner: { displayName: 'Dana Okafor' },
        officer: { displayName: 'Priya Shah' },
      });
      const a = await submittedAssessment(web.app, people.owner, { title: 'Pay-by-phone parking' });
      await sendEvent(web.app, people.officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
      const before = await risks(a.id);
      expect(before).toHaveLength(12);

      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, people.users.officer);

      // The register: the heat map inline with its title, the same positions in a table, and every risk blocking.
      const opened = await page.goto(`/pia/${a.ref}/risk`);
      expect(opened?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Risk register');
      const map = page.locator('[data-heatmap] svg');
      expect(await map.getAttribute('role')).toBe('img');
      expect(await map.locator('#heatmap-t').textContent()).toBe(`Risk heat map: ${a.ref} Pay-by-phone parking`);
      expect(await map.locator('#heatmap-d').textContent()).toContain('Risk 1, ');
      expect(await page.locator('[data-risk-table] tbody tr').count()).toBe(12);
      expect(await blockers(page)).toHaveLength(12);
      expect(await blockers(page)).toContain(`${before[0].label}: needs a treatment and a residual score`);
      expect(await page.getByRole('link', { name: 'Complete the risk assessment' }).count()).toBe(0);
      // The factors behind a score link to the answers that raised them, on the owner's questionnaire pages.
      const first = page.locator('[data-risks] > li').first();
      const answerLink = first.locator('.app-factors a').first();
      const href = (await answerLink.getAttribute('href'))!;
      expect(href).toMatch(new RegExp(`^/pia/${a.ref}/sections/[a-z0-9_]+#[a-z0-9_]+$`));
      await checkPage(page, javaScript, `risk-register-${label}`);
      await heatmapShots(page, `risk-heatmap-${label}`);
      await answerLink.click();
      await page.waitForURL(`**${href}`);
      expect(await page.locator(`#${href.split('#')[1]}`).count()).toBe(1);
      await page.goto(`/pia/${a.ref}/risk`);

      // Adjusting the first risk: a residual score whose likelihood has no justification is refused as a whole.
      await first.getByRole('link', { name: /Adjust the score or record the treatment/ }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk/${before[0].id}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(before[0].label);
      await checkPage(page, javaScript, `risk-adjust-${label}`);
      await page.getByLabel('Inherent severity', { exact: true }).selectOption('4');
      await page.getByLabel('Why this inherent severity').fill('Plates tie every trip to a named person.');
      await page.getByLabel('Residual severity', { exact: true }).selectOption('2');
      await page.getByLabel('Why this residual severity').fill('Plates are pseudonymised after 24 hours.');
      await page.getByLabel('Residual likelihood', { exact: true }).selectOption('1');
      await choose(page, 'Reduced');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForLoadState();
      const summary = page.locator('[data-error-summary]');
      expect(await textOf(page, '[data-error-summary] h2')).toBe('There is a problem');
      expect(await summary.locator('li').allTextContents()).toEqual([
        'The justification for the residual likelihood is required: say why (at most 5000 characters).',
      ]);
      expect(await summary.locator('a').getAttribute('href')).toBe('#residual-likelihood-justification');
      expect(await page.getByLabel('Why this inherent severity').inputValue()).toBe(
        'Plates tie every trip to a named person.',
      );
      expect(await page.getByLabel('Why this residual severity').inputValue()).toBe(
        'Plates are pseudonymised after 24 hours.',
      );
      expect(await page.getByLabel('Inherent severity', { exact: true }).inputValue()).toBe('4');
      expect(await page.getByLabel('Residual likelihood', { exact: true }).inputValue()).toBe('1');
      expect(await page.getByLabel('Reduced', { exact: true }).isChecked()).toBe(true);
      await checkPage(page, javaScript, `risk-adjust-refused-${label}`);
      expect((await risks(a.id))[0]).toEqual(before[0]);
      expect(await adjustments(before[0].id)).toEqual([]);

      await page.getByLabel('Why this residual likelihood').fill('Only two named staff can re-identify.');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk/${before[0].id}?saved=1`);
      expect(await textOf(page, '[role="status"]')).toContain('Saved.');
      expect(await textOf(page, '[data-treatment]')).toBe('Reduced');
      expect(await page.locator('[data-history] > li').count()).toBe(3);
      const afterFirst = (await risks(a.id))[0];
      expect(afterFirst).toMatchObject({
        inherent: { dimensions: { severity: 4 }, adjusted: true },
        residual: { dimensions: { severity: 2, likelihood: 1 } },
        treatment: 'reduced',
      });
      expect(await adjustments(before[0].id)).toEqual([
        { kind: 'inherent', justifications: { severity: 'Plates tie every trip to a named person.' } },
        {
          kind: 'residual',
          justifications: {
            severity: 'Plates are pseudonymised after 24 hours.',
            likelihood: 'Only two named staff can re-identify.',
          },
        },
        { kind: 'treatment', justifications: {} },
      ]);

      // The second risk is transferred to the operator by contract, with a low residual score.
      await page.goto(`/pia/${a.ref}/risk/${before[1].id}`);
      await page.getByLabel('Residual severity', { exact: true }).selectOption('1');
      await page.getByLabel('Why this residual severity').fill('The operator carries it under the contract.');
      await page.getByLabel('Residual likelihood', { exact: true }).selectOption('1');
      await page.getByLabel('Why this residual likelihood').fill('Audited yearly.');
      await choose(page, 'Transferred');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk/${before[1].id}?saved=1`);
      expect((await risks(a.id))[1]).toMatchObject({ treatment: 'transferred', residual: { level: 'low' } });

      // The other ten are accepted at a low residual level (through the API, as a script of the office would).
      for (const risk of before.slice(2)) {
        await request(web.app.getHttpServer())
          .put(`/assessments/${a.id}/risks/${risk.id}`)
          .set(bearer(people.officer))
          .send({
            treatment: 'accepted',
            residual: {
              severity: { value: 1, justification: 'Minimal data.' },
              likelihood: { value: 1, justification: 'Unlikely.' },
            },
          })
          .expect(200);
      }
      await page.goto(`/pia/${a.ref}/risk`);
      expect(await blockers(page)).toEqual([
        `${before[0].label}: a reduced risk needs at least one measure`,
        `${before[1].label}: a transferred risk needs at least one measure`,
      ]);

      // A measure with no risk ticked is refused and keeps what was typed; ticking two adds it.
      await page.getByRole('link', { name: 'Add a measure' }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk/measures`);
      await checkPage(page, javaScript, `risk-measures-${label}`);
      await page.getByLabel('What is the measure?').fill('Pseudonymise plates after 24 hours');
      await page.getByLabel('How it works (optional)').fill('A nightly job replaces plates with keyed hashes.');
      await page.getByRole('button', { name: 'Add the measure' }).click();
      await page.waitForLoadState();
      expect(await page.locator('[data-error-summary] li').allTextContents()).toEqual([
        expect.stringMatching(/^The risks it treats /),
      ]);
      expect(await page.getByLabel('What is the measure?').inputValue()).toBe('Pseudonymise plates after 24 hours');
      expect(await page.getByLabel('How it works (optional)').inputValue()).toBe(
        'A nightly job replaces plates with keyed hashes.',
      );
      await checkPage(page, javaScript, null);
      expect(await web.db.query('SELECT id FROM measures WHERE assessment_id = $1', [a.id])).toEqual([]);
      await choose(page, before[0].label);
      await choose(page, before[1].label);
      await page.getByRole('button', { name: 'Add the measure' }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk/measures?done=added`);
      const [measure] = await web.db.query(
        `SELECT m.id, m.title, m.status, array_agg(mr.risk_id ORDER BY mr.risk_id) AS risk_ids
           FROM measures m JOIN measure_risks mr ON mr.measure_id = m.id WHERE m.assessment_id = $1 GROUP BY m.id`,
        [a.id],
      );
      expect(measure).toMatchObject({
        title: 'Pseudonymise plates after 24 hours',
        status: 'planned',
        risk_ids: [before[0].id, before[1].id].sort(),
      });

      // Editing it: under way now.
      await page.getByRole('link', { name: 'Pseudonymise plates after 24 hours' }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk/measures/${measure.id}`);
      await checkPage(page, javaScript, `risk-measure-${label}`);
      await page.getByLabel('Status').selectOption('in_progress');
      await page.getByRole('button', { name: 'Save the measure' }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk/measures?done=saved`);
      expect(await web.db.query('SELECT status FROM measures WHERE id = $1', [measure.id])).toEqual([
        { status: 'in_progress' },
      ]);

      // Nothing blocks now: the register leads on to completing the risk assessment.
      await page.goto(`/pia/${a.ref}/risk`);
      expect(await page.locator('[data-blocker-list]').count()).toBe(0);
      expect(await textOf(page, '[data-blockers]')).toContain('Nothing blocks completing it');
      expect(await page.getByRole('link', { name: 'Complete the risk assessment' }).getAttribute('href')).toBe(
        `/pia/${a.ref}/complete`,
      );

      // Rescoring needs a reason; with one it is recorded, and the adjusted inherent score stays.
      await page.getByRole('button', { name: 'Rescore' }).click();
      await page.waitForLoadState();
      expect(await page.locator('[data-error-summary] li').allTextContents()).toEqual([
        expect.stringMatching(/^The reason /),
      ]);
      const rescoredBefore = await web.db.query(
        `SELECT count(*)::int AS n FROM assessment_events WHERE assessment_id = $1 AND type = 'RISK_RESCORED'`,
        [a.id],
      );
      expect(rescoredBefore).toEqual([{ n: 0 }]);
      await page.getByLabel('Why rescore under the newest version of the model?').fill('Answers on sharing changed.');
      await page.getByRole('button', { name: 'Rescore' }).click();
      await page.waitForURL(`**/pia/${a.ref}/risk?done=rescored`);
      expect(await textOf(page, '[role="status"]')).toContain('Rescored');
      expect(await textOf(page, '[data-blockers]')).toContain('Nothing blocks completing it');
      await checkPage(page, javaScript, `risk-register-done-${label}`);
      expect(
        await web.db.query(
          `SELECT payload->>'reason' AS reason FROM assessment_events WHERE assessment_id = $1 AND type = 'RISK_RESCORED'`,
          [a.id],
        ),
      ).toEqual([{ reason: 'Answers on sharing changed.' }]);
      expect((await risks(a.id))[0].inherent).toMatchObject({ dimensions: { severity: 4 }, adjusted: true });
      await page.goto(`/pia/${a.ref}/risk/${before[0].id}`);
      expect(await textOf(page, '[data-history] > li')).toContain('Rescored');
      expect(await textOf(page, '[data-history] > li')).toContain('Reason: Answers on sharing changed.');
      await context.close();

      // Others who may read it see it read-only: no forms but signing out, and the answers still linked.
      for (const who of ['owner', 'counsel'] as const) {
        const reader = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
        const view = await reader.newPage();
        await signIn(view, people.users[who]);
        expect((await view.goto(`/pia/${a.ref}/risk`))?.status()).toBe(200);
        expect(await view.locator('main form').count()).toBe(0);
        expect(await view.getByRole('link', { name: 'All measures' }).count()).toBe(1);
        expect(await view.locator('.app-factors a').first().getAttribute('href')).toBe(href);
        await view.goto(`/pia/${a.ref}/risk/${before[0].id}`);
        expect(await view.locator('main form').count()).toBe(0);
        expect(await view.locator('[data-history] > li').count()).toBe(4);
        if (who === 'counsel') await checkPage(view, javaScript, null);
        // A forged adjustment from their session (with its CSRF token) is refused and changes nothing.
        const stored = await risks(a.id);
        const csrf = (await view.locator('input[name="_csrf"]').first().getAttribute('value'))!;
        const forged = await view.request.post(`/pia/${a.ref}/risk/${before[0].id}`, {
          form: {
            _csrf: csrf,
            treatment: 'accepted',
            'residual-severity': '4',
            'residual-severity-justification': 'x',
          },
          maxRedirects: 0,
        });
        expect(forged.status()).toBe(403);
        expect(await risks(a.id)).toEqual(stored);
        await reader.close();
      }
    },
    240_000,
  );
});
