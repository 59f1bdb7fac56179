import type { Page } from 'playwright-core';
import { Role } from '../../src/common/auth/roles';
import { sendEvent, submittedAssessment, treatRisks } from '../support/assessments';
import { createUser } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { V2_APP } from '../support/test-app';
import { checkPage, newBrowserContext, signIn, textOf, webSuite } from '../support/web';

/**
 * Workflow v2's named reviews in a browser, without script (these pages carry none of their own): the parking app's
 * data inventory holds precise location, so a security review runs beside the privacy review.
 */
describe('parallel named reviews in a browser', () => {
  const web = webSuite(V2_APP);

  const stored = async (id: string): Promise<{ state: string; version: number; regions: Record<string, string> }> =>
    (
      await web.db.query(
        `SELECT state, version, snapshot -> 'value' -> 'review' AS regions FROM assessments WHERE id = $1`,
        [id],
      )
    )[0];
  const lastEvent = async (id: string): Promise<{ type: string; payload: Record<string, unknown>; actor_id: string }> =>
    (
      await web.db.query(
        'SELECT type, payload, actor_id FROM assessment_events WHERE assessment_id = $1 ORDER BY seq DESC LIMIT 1',
        [id],
      )
    )[0];
  const signedIn = async (user: { email: string; password: string }): Promise<Page> => {
    const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript: false });
    const page = await context.newPage();
    await signIn(page, user);
    return page;
  };
  const reviewRow = (page: Page, name: string) => textOf(page, `[data-named-reviews] tr[data-review="${name}"]`);

  it('security clears, privacy asks for changes, the owner resubmits, only privacy reopens and clears, then the approver may decide', async () => {
    const people = await createReviewers(web.app, {
      owner: { displayName: 'Dana Okafor' },
      officer: { displayName: 'Priya Shah' },
      approver: { displayName: 'Sam Ortiz' },
    });
    const securityUser = await createUser(web.app, [Role.SecurityReviewer], { displayName: 'Mo Reyes' });
    const a = await submittedAssessment(web.app, people.owner, { title: 'Pay-by-phone parking' });
    await sendEvent(web.app, people.officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(web.app, people.officer, a.id, 'low');
    await sendEvent(web.app, people.officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    expect((await stored(a.id)).regions).toEqual({
      privacy: 'open',
      legal: 'not_applicable',
      security: 'open',
      equity: 'not_applicable',
    });

    // The security reviewer reaches their queue from the navigation, and the review from its row.
    const sec = await signedIn(securityUser);
    // Their home page points to the reviews too.
    await sec.goto('/');
    expect(await sec.locator('[data-workspaces] a').allTextContents()).toEqual(['Reviews']);
    await sec.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    await sec.waitForURL('**/review');
    expect(await sec.getByRole('navigation', { name: 'Review queues' }).getByRole('link').allTextContents()).toEqual([
      'Security review',
    ]);
    await checkPage(sec, false, 'named-reviews-queue-security');
    await sec.getByRole('link', { name: `Give the security review for ${a.ref}` }).click();
    await sec.waitForURL(`**/pia/${a.ref}/reviews/security`);
    expect(await sec.getByRole('heading', { level: 1 }).textContent()).toBe('Security review');
    expect(await textOf(sec, '[data-applies]')).toBe(
      'This review applies: The data inventory holds sensitive categories: location.',
    );
    expect(await textOf(sec, '[data-standing]')).toBe('Open');
    expect(await textOf(sec, '[data-assignee]')).toMatch(/^No one is assigned yet/);
    expect(await sec.locator('[data-other-reviews] li').allTextContents()).toEqual([
      'Privacy review: Open',
      'Legal review: Not required',
      'Equity review: Not required',
    ]);
    await checkPage(sec, false, 'named-reviews-security-open');

    // Someone acts meanwhile: nothing is done, and the findings typed stay on the page.
    const findings = 'Plate locations are encrypted at rest; vendor staff reach them only through audited access.';
    await sec.getByLabel('Findings').fill(findings);
    await sendEvent(web.app, people.officer, a.id, {
      type: 'ASSIGN',
      role: 'approver',
      userId: people.users.approver.id,
    });
    await sec.getByRole('button', { name: 'Clear the security review' }).click();
    await sec.waitForSelector('[data-refused]');
    expect(await textOf(sec, '[data-refused]')).toContain(
      'Someone acted on this assessment after you opened this page',
    );
    expect(await sec.getByLabel('Findings').inputValue()).toBe(findings);
    expect((await stored(a.id)).regions.security).toBe('open');
    await checkPage(sec, false, 'named-reviews-security-stale');
    await sec.getByRole('button', { name: 'Clear the security review' }).click();
    await sec.waitForURL(`**/pia/${a.ref}?done=CLEAR_REVIEW`);
    expect(await lastEvent(a.id)).toMatchObject({
      type: 'CLEAR_REVIEW',
      payload: { review: 'security', findings },
      actor_id: securityUser.id,
    });
    expect(await reviewRow(sec, 'security')).toMatch(/Security review.*Cleared by Mo Reyes/s);
    await sec.context().close();

    // The privacy officer: the status page lists the reviews and leads to theirs; the assign page offers the regions' roles.
    const po = await signedIn(people.users.officer);
    await po.goto(`/pia/${a.ref}/assign`);
    expect(await po.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Privacy officer',
      'Security reviewer',
      'Approver',
    ]);
    expect(await po.getByLabel('Who should do the security review?').locator('option').allTextContents()).toContain(
      `Mo Reyes (${securityUser.email})`,
    );
    // In review, changes are asked for from the reviewer's own review page, which the other steps lead to.
    expect(await po.locator('[data-other-steps] a').allTextContents()).toEqual([
      'Give the privacy review',
      `Back to ${a.ref}`,
    ]);
    await checkPage(po, false, 'named-reviews-assign');
    await po.goto(`/pia/${a.ref}`);
    expect(await reviewRow(po, 'privacy')).toMatch(
      /Privacy review.*Open.*Yes: Every assessment has a privacy review\./s,
    );
    expect(await reviewRow(po, 'legal')).toMatch(/No: /);
    await checkPage(po, false, 'named-reviews-status');
    await po.getByRole('link', { name: 'Give the privacy review' }).click();
    await po.waitForURL(`**/pia/${a.ref}/reviews/privacy`);
    expect(await po.locator('[data-other-reviews] li').allTextContents()).toEqual([
      'Legal review: Not required',
      'Security review: Cleared by Mo Reyes',
      'Equity review: Not required',
    ]);
    await po.getByRole('button', { name: 'Send it back to the owner' }).click();
    await po.waitForSelector('[data-error-summary]');
    expect(await textOf(po, '[data-error-summary]')).toContain('Say what the owner should change');
    expect((await stored(a.id)).state).toBe('review');
    await checkPage(po, false, 'named-reviews-privacy-refused');
    const reason = 'Say how long plate reads are kept, and who may see them.';
    await po.getByLabel('What should change, and why?').fill(reason);
    await po.getByRole('button', { name: 'Send it back to the owner' }).click();
    await po.waitForURL(`**/pia/${a.ref}?done=REQUEST_CHANGES`);
    expect(await lastEvent(a.id)).toMatchObject({ type: 'REQUEST_CHANGES', payload: { review: 'privacy', reason } });
    expect((await stored(a.id)).state).toBe('changes_requested');

    // The owner resubmits from the status page.
    const owner = await signedIn(people.users.owner);
    await owner.goto(`/pia/${a.ref}/reviews/privacy`);
    expect(await textOf(owner, '[data-standing]')).toBe('Changes requested');
    expect(await textOf(owner, '[data-asked-reason]')).toBe(reason);
    expect(await owner.locator('main form').count()).toBe(0);
    await checkPage(owner, false, 'named-reviews-privacy-asked');
    await owner.goto(`/pia/${a.ref}`);
    await owner.getByRole('button', { name: 'Resubmit' }).first().click();
    await owner.waitForURL(`**/pia/${a.ref}?done=RESUBMIT`);
    await owner.context().close();
    // Only the review that asked reopens; security stays cleared.
    expect(await stored(a.id)).toMatchObject({
      state: 'review',
      regions: { privacy: 'open', legal: 'not_applicable', security: 'cleared', equity: 'not_applicable' },
    });

    // The security review, cleared, offers no form to anyone; privacy clears.
    await po.goto(`/pia/${a.ref}/reviews/security`);
    expect(await textOf(po, '[data-cleared-by]')).toMatch(/^Mo Reyes, /);
    expect(await textOf(po, '[data-findings]')).toBe(findings);
    expect(await po.locator('main form').count()).toBe(0);
    await checkPage(po, false, 'named-reviews-security-cleared');
    await po.goto(`/pia/${a.ref}/reviews/privacy`);
    expect(await textOf(po, '[data-standing]')).toBe('Open');
    await po.getByLabel('Findings').fill('Retention is now stated: 30 days.');
    await po.getByRole('button', { name: 'Clear the privacy review' }).click();
    await po.waitForURL(`**/pia/${a.ref}?done=CLEAR_REVIEW`);
    expect((await stored(a.id)).state).toBe('approval');
    await po.context().close();

    // The approver may now decide.
    const approver = await signedIn(people.users.approver);
    await approver.goto(`/pia/${a.ref}`);
    expect(await approver.getByRole('link', { name: 'Decide' }).getAttribute('href')).toBe(`/pia/${a.ref}/decide`);
    await approver.context().close();
  }, 300_000);
});
