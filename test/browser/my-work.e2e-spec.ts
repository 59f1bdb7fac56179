import { Role } from '../../src/common/auth/roles';
import { createAssessment, sendEvent, submittedAssessment } from '../support/assessments';
import { decidedAssessment } from '../support/decisions';
import { eventually } from '../support/eventually';
import { createUser, login } from '../support/identity';
import { createReviewers } from '../support/reviewers';
import { newBrowserContext, screenshots, seriousAxeViolations, signIn, webSuite } from '../support/web';

describe('"My work" and notifications, in a browser', () => {
  const web = webSuite();

  it('shows an owner what waits for them, overdue first, and their notifications, which open their assessment', async () => {
    const people = await createReviewers(web.app, { owner: { displayName: 'Ana Lima' } });
    const draft = await createAssessment(web.app, people.owner, { title: 'Library room booking' });
    const sentBack = await submittedAssessment(web.app, people.owner, { title: 'Bike share data feed' });
    await sendEvent(web.app, people.officer, sentBack.id, { type: 'REQUEST_CHANGES', reason: 'Name the recipients.' });
    const inReview = await submittedAssessment(web.app, people.owner, { title: 'Pothole reporting app' });
    const conditional = await decidedAssessment(
      web.app,
      people,
      { type: 'APPROVE', conditions: [{ text: 'Publish the retention schedule.', dueDate: '2026-01-31' }] },
      { title: 'Parking sensors' },
    );
    await eventually(
      'the condition becomes an action item',
      async () =>
        (
          await web.db.query('SELECT count(*)::int AS n FROM action_items WHERE assessment_id = $1', [conditional.id])
        )[0].n,
      (n) => n === 1,
    );
    const stranger = await createUser(web.app, [Role.ProjectOwner]);
    await createAssessment(web.app, await login(web.app, stranger.email, stranger.password), { title: 'Not this one' });

    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, { email: people.users.owner.email, password: people.users.owner.password });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My work');

    const waiting = page.getByRole('table', { name: 'Assessments waiting for you' });
    const rows = await waiting.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain(conditional.ref); // overdue first, said in words
    expect(rows[0]).toContain('Overdue:');
    expect(rows[0]).toContain('Close the open condition');
    expect(rows.slice(1).join()).toContain(draft.ref);
    expect(rows.slice(1).join()).toContain(sentBack.ref);
    expect(rows.join()).toContain('Make the changes asked for');
    expect(rows.join()).not.toContain('Not this one');
    const review = await page.getByRole('table', { name: 'Your assessments in review' }).textContent();
    expect(review).toContain(inReview.ref);
    expect(review).toContain('Screening');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect((await screenshots(page, 'my-work')).widthAt320).toBeLessThanOrEqual(320);

    // The header counts unread notifications; opening one marks it read and goes to its assessment.
    const unread = (
      await web.db.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
        people.users.owner.id,
      ])
    )[0].n;
    expect(unread).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /Notifications/ }).textContent()).toContain(`${unread} unread`);
    await page.getByRole('link', { name: /Notifications/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Notifications');
    expect(await page.textContent('main')).toContain('Changes were requested');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshots(page, 'inbox');
    await page
      .getByRole('button', { name: new RegExp(sentBack.ref) })
      .first()
      .click();
    await page.waitForURL(`**/pia/${sentBack.ref}`);
    const [{ n: stillUnread }] = await web.db.query(
      `SELECT count(*)::int AS n FROM notifications n WHERE n.user_id = $1 AND n.read_at IS NULL AND n.assessment_id = $2
          AND n.reason = 'changes_requested'`,
      [people.users.owner.id, sentBack.id],
    );
    expect(stillUnread).toBe(0);
    await context.close();
  });

  it("shows a person without assessments of their own where their work is, and refuses a stranger's notification", async () => {
    const officer = await createUser(web.app, [Role.PrivacyOfficer]);
    const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript: false });
    const page = await context.newPage();
    await signIn(page, officer);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Where your work is']);
    const workspaces = page.locator('[data-workspaces]');
    expect(await workspaces.getByRole('link').allTextContents()).toEqual(['Reviews']);
    expect(await workspaces.getByRole('link').getAttribute('href')).toBe('/review');
    expect(await page.getByRole('link', { name: 'Start an assessment' }).count()).toBe(0); // not theirs to do
    expect(await seriousAxeViolations(page, { javaScript: false })).toEqual([]);

    const [{ id: someoneElses }] = await web.db.query(
      `SELECT id FROM notifications WHERE user_id <> $1 ORDER BY id LIMIT 1`,
      [officer.id],
    );
    await page.goto('/inbox');
    const csrf = await page.locator('header input[name="_csrf"]').inputValue();
    const answer = await page.request.post(`/inbox/${someoneElses}/open`, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(answer.status()).toBe(404);
    const [{ read_at }] = await web.db.query('SELECT read_at FROM notifications WHERE id = $1', [someoneElses]);
    expect(read_at).toBeNull();
    await context.close();
  });
});
