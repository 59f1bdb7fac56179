import { Role } from '../../src/common/auth/roles';
import { sendEvent, submittedAssessment, treatRisks } from '../support/assessments';
import { createUser } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { V2_APP } from '../support/test-app';
import { checkPage, newBrowserContext, signIn, textOf, webSuite } from '../support/web';

describe('workflow v2 in a browser: a security reviewer clears their review from its queue and page', () => {
  const web = webSuite(V2_APP);

  it('works the security queue, reads why the review applies, and clears it (without script)', async () => {
    const people = await createReviewers(web.app, { owner: { displayName: 'Dana Okafor' } });
    const reviewer = await createUser(web.app, [Role.SecurityReviewer], { displayName: 'Noor Haddad' });
    const a = await submittedAssessment(web.app, people.owner, { title: 'Pay-by-phone parking' });
    await sendEvent(web.app, people.officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(web.app, people.officer, a.id, 'low');
    await sendEvent(web.app, people.officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });

    const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript: false });
    const page = await context.newPage();
    await signIn(page, reviewer);
    await page.goto('/review');
    const tabs = page.getByRole('navigation', { name: 'Review queues' }).getByRole('link');
    expect(await tabs.allTextContents()).toEqual(['Security review']);
    await checkPage(page, false, 'named-review-queue');
    await page.getByRole('link', { name: 'Do the security review' }).first().click();
    await page.waitForURL(`**/pia/${a.ref}/review/security`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Security review');
    expect(await textOf(page, '[data-named-review]')).toContain(
      'The data inventory holds sensitive categories: location.',
    );
    await checkPage(page, false, 'named-review-security');

    await page.getByLabel('Findings (optional)').fill('Plates are encrypted at rest; the vendor logs every access.');
    await page.getByRole('button', { name: 'Clear the security review' }).click();
    await page.waitForURL(`**/pia/${a.ref}?done=CLEAR_REVIEW`);
    expect(await textOf(page, '[data-named-reviews]')).toContain('Security review: Cleared by Noor Haddad.');
    expect(await textOf(page, '[data-named-reviews]')).toContain('Privacy review: Open.');
    await checkPage(page, false, 'named-review-status');
    await context.close();
  });
});
