import { submittedAssessment } from '../support/assessments';
import { createReviewers } from '../support/reviewers';
import { checkPage, newBrowserContext, signIn, textOf, webSuite } from '../support/web';

/**
 * One journey, without script (every form posts, redirects and shows again): a reviewer asks for a change on a
 * question, the owner sees it marked on the questionnaire, cannot resubmit yet, changes the answer and replies in the
 * thread, then resubmits; the reviewer hears of the reply, reads it and resolves the thread.
 */
describe('comments on questions in a browser', () => {
  const web = webSuite();

  it('a reviewer asks for a change on a question; the owner sees it marked, answers, replies and resubmits', async () => {
    const people = await createReviewers(web.app, {
      owner: { displayName: 'Dana Okafor' },
      officer: { displayName: 'Priya Shah' },
    });
    const a = await submittedAssessment(web.app, people.owner, { title: 'Pay-by-phone parking' });
    const reviewer = await (await newBrowserContext(web.browser, web.baseUrl, { javaScript: false })).newPage();
    const owner = await (await newBrowserContext(web.browser, web.baseUrl, { javaScript: false })).newPage();
    await signIn(reviewer, people.users.officer);
    await signIn(owner, people.users.owner);

    // The reviewer names a question, with what should change, on the request-changes page.
    await reviewer.goto(`/pia/${a.ref}/request-changes`);
    await checkPage(reviewer, false, 'request-changes-questions');
    await reviewer.getByLabel('What should change, and why?').fill('The vendor needs its legal name.');
    const row = reviewer.locator('[data-question-row]').first();
    await row.getByLabel('Which question').selectOption({ label: 'Vendor or supplier (if any)' });
    await row.getByLabel('What should change in this answer').fill('Use the name on the contract, <b>exactly</b>.');
    await reviewer.getByRole('button', { name: 'Send it back to the owner' }).click();
    await reviewer.waitForURL(`**/pia/${a.ref}?done=REQUEST_CHANGES`);
    const [thread] = await web.db.query(
      `SELECT t.id, t.requested_change FROM comment_threads t WHERE t.assessment_id = $1`,
      [a.id],
    );
    expect(thread.requested_change).toBe(true);

    // The owner's questionnaire lists it at the top and marks the question, with its thread.
    await owner.goto(`/pia/${a.ref}/sections/project_overview`);
    const top = owner.locator('[data-requested-changes]');
    expect(await top.locator('h2').textContent()).toBe('A reviewer asked for a change');
    expect(await textOf(owner, '[data-requested-changes] li')).toBe(
      'Vendor or supplier (if any): “Use the name on the contract, <b>exactly</b>.” (Priya Shah). Not done yet. Open the thread on “Vendor or supplier (if any)”',
    );
    expect(await top.getByRole('link', { name: 'Vendor or supplier (if any)', exact: true }).getAttribute('href')).toBe(
      `/pia/${a.ref}/sections/project_overview#question-vendor_name`,
    );
    const question = owner.locator('#question-vendor_name');
    expect(await question.getAttribute('class')).toContain('app-requested');
    expect(await textOf(owner, '#question-vendor_name .app-question-comments')).toBe(
      'Change requested 1 comment thread, 1 open on “Vendor or supplier (if any)”',
    );
    await checkPage(owner, false, 'questionnaire-change-requested');

    // Resubmitting now is refused, naming the question and linking its thread.
    await owner.goto(`/pia/${a.ref}`);
    await owner.getByRole('button', { name: 'Resubmit' }).click();
    expect(await owner.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Some requested changes are not addressed yet',
    );
    const waiting = owner.getByRole('link', { name: 'Vendor or supplier (if any)' });
    expect(await waiting.getAttribute('href')).toBe(`/pia/${a.ref}/comments?question=vendor_name#thread-${thread.id}`);
    await checkPage(owner, false, null);

    // The owner changes the answer, then replies in the thread.
    await owner.goto(`/pia/${a.ref}/sections/project_overview`);
    await owner.getByLabel('Vendor or supplier (if any)').fill('ParkCo Mobility Ltd');
    await owner.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.waitForURL(`**/sections/project_overview?saved=1`);
    expect(await textOf(owner, '[data-requested-changes] li')).toContain('Done.');
    await owner.getByRole('link', { name: '1 comment thread, 1 open on “Vendor or supplier (if any)”' }).click();
    await owner.waitForURL(`**/pia/${a.ref}/comments?question=vendor_name`);
    expect(await owner.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Comments on “Vendor or supplier (if any)”',
    );
    // The reviewer's words are text, never markup.
    expect(await textOf(owner, '[data-comment-body]')).toBe('Use the name on the contract, <b>exactly</b>.');
    expect(await owner.locator('[data-comment-body] b').count()).toBe(0);
    expect(await textOf(owner, '[data-addressed]')).toBe('The owner changed the answer.');
    // An empty reply is refused by its field, and nothing is posted.
    await owner.getByRole('button', { name: 'Reply' }).click();
    expect(await owner.getByRole('alert').textContent()).toContain('Your comment is empty.');
    await owner.getByLabel('Reply in this thread').fill('Changed to the legal name on the contract.');
    await owner.getByRole('button', { name: 'Reply' }).click();
    await owner.waitForURL(`**/comments?question=vendor_name&done=replied#thread-${thread.id}`);
    expect(await owner.getByRole('status').textContent()).toContain('Your reply was posted.');
    expect(await owner.locator('[data-comment-body]').allTextContents()).toEqual([
      'Use the name on the contract, <b>exactly</b>.',
      'Changed to the legal name on the contract.',
    ]);
    // The owner did not open the thread, so resolving it is the reviewer's.
    expect(await owner.getByRole('button', { name: 'Resolve this thread' }).count()).toBe(0);
    await checkPage(owner, false, 'comments-thread');

    await owner.goto(`/pia/${a.ref}`);
    await owner.getByRole('button', { name: 'Resubmit' }).click();
    await owner.waitForURL(`**/pia/${a.ref}?done=RESUBMIT`);
    expect(await textOf(owner, '[data-stage]')).toBe('Screening');

    // The reviewer hears of the reply in the inbox, which opens it among the comments; they resolve the thread.
    await reviewer.goto('/inbox');
    const notice = reviewer.locator('.app-inbox__item', { hasText: 'Someone wrote in a comment thread you are in' });
    await notice.getByRole('button', { name: `${a.ref}: Pay-by-phone parking` }).click();
    await reviewer.waitForURL(`**/pia/${a.ref}/comments#comment-*`);
    expect(await textOf(reviewer, '[data-thread-summary]')).toBe('1 thread: 1 open, 0 resolved.');
    expect(await textOf(reviewer, '[data-addressed]')).toBe('The owner changed the answer and replied.');
    await reviewer.getByRole('button', { name: 'Resolve this thread' }).click();
    await reviewer.waitForURL(`**/comments?done=resolved#thread-${thread.id}`);
    expect(await textOf(reviewer, '[data-thread-status]')).toBe('Resolved');
    await checkPage(reviewer, false, 'comments-resolved');
  });
});
