import request from 'supertest';
import { Role } from '../../src/common/auth/roles';
import { bearer, createUser, createUserAndLogin } from '../support/identity';
import { newBrowserContext, screenshots, seriousAxeViolations, signIn, webSuite } from '../support/web';

describe('signing in, the account page and sessions, in a browser', () => {
  const web = webSuite();

  const sessionsOf = async (userId: string): Promise<number> =>
    Number((await web.db.query('SELECT count(*) AS n FROM web_sessions WHERE user_id = $1', [userId]))[0].n);

  it.each([
    ['with script', true],
    ['without script', false],
  ])('a person signs in, fails once, changes their password and signs out (%s)', async (label, javaScript) => {
    const owner = await createUser(web.app, [Role.ProjectOwner], { displayName: 'Dana Okafor' });
    const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
    const page = await context.newPage();

    // A signed-out visit to a page goes to sign-in, and back there after.
    await page.goto('/account');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await seriousAxeViolations(page, { javaScript })).toEqual([]);

    await page.getByLabel('E-mail address').fill(owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.getByRole('alert');
    await expect(summary.textContent()).resolves.toContain('The e-mail or password is not correct.');
    if (javaScript)
      expect(
        await summary.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement),
      ).toBe(true);
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(owner.email); // what was typed is kept
    expect(await seriousAxeViolations(page, { javaScript })).toEqual([]);
    if (javaScript) await screenshots(page, 'sign-in-error');

    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/account');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your account');
    expect(await page.locator('header').textContent()).toContain('Dana Okafor');
    expect(await page.locator('header').textContent()).toContain('Project owner');
    expect(await sessionsOf(owner.id)).toBe(1);
    const { widthAt320 } = await screenshots(page, `account-${label.replace(' ', '-')}`);
    expect(widthAt320).toBeLessThanOrEqual(320);
    expect(await seriousAxeViolations(page, { javaScript })).toEqual([]);

    // A weak new password is refused, field by field; a good one keeps this browser signed in.
    await page.getByLabel('Current password').fill(owner.password);
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/password/i);
    expect(await page.locator('#newPassword-error').count()).toBe(1);
    const newPassword = `${owner.password}-and-more-words`;
    await page.getByLabel('Current password').fill(owner.password);
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL('**/account?changed=1');
    expect(await page.getByRole('status').textContent()).toContain('Password changed');
    expect(await sessionsOf(owner.id)).toBe(1); // the old session ended; this browser has a new one

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login?signedOut=1');
    expect(await page.textContent('main')).toContain('You have signed out.');
    expect(await sessionsOf(owner.id)).toBe(0);
    await context.close();
  });

  it('refuses a form without its CSRF token, a cookie after sign-out or deactivation, and a cookie on the API', async () => {
    const owner = await createUser(web.app, [Role.ProjectOwner]);
    const { session: admin } = await createUserAndLogin(web.app, [Role.Admin]);
    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, owner);
    const cookie = (await context.cookies()).find((c) => c.name === 'session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    const header = `session=${cookie?.value}`;
    const http = () => request(web.app.getHttpServer());

    // The session's stored form is a hash, never the cookie's value.
    const [{ token_hash }] = await web.db.query('SELECT token_hash FROM web_sessions WHERE user_id = $1', [owner.id]);
    expect(token_hash).not.toContain(cookie?.value);

    // A password change posted without the token (as another site would) is refused and changes nothing.
    const before = (await web.db.query('SELECT password_hash FROM users WHERE id = $1', [owner.id]))[0].password_hash;
    const forged = await http()
      .post('/account/password')
      .set('Cookie', header)
      .type('form')
      .send({ currentPassword: owner.password, newPassword: 'a brand new password 123' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('could not be accepted');
    const wrongToken = await http()
      .post('/account/password')
      .set('Cookie', header)
      .type('form')
      .send({ _csrf: 'x'.repeat(43), currentPassword: owner.password, newPassword: 'a brand new password 123' });
    expect(wrongToken.status).toBe(403);
    expect((await web.db.query('SELECT password_hash FROM users WHERE id = $1', [owner.id]))[0].password_hash).toBe(
      before,
    );

    // A cookie never authenticates an API call.
    expect((await http().get('/auth/me').set('Cookie', header)).status).toBe(401);

    // Sign-out ends the session for good: the same cookie, replayed, opens nothing.
    expect((await http().get('/account').set('Cookie', header)).status).toBe(200);
    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login?signedOut=1');
    const replayed = await http().get('/account').set('Cookie', header);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.location).toBe('/login?next=%2Faccount');

    // Deactivation applies on the session's next request.
    await signIn(page, owner);
    const again = `session=${(await context.cookies()).find((c) => c.name === 'session')?.value}`;
    expect((await http().get('/account').set('Cookie', again)).status).toBe(200);
    await http().patch(`/users/${owner.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    expect((await http().get('/account').set('Cookie', again)).status).toBe(303);
    await context.close();
  });

  it('ends a session left idle past SESSION_IDLE_MINUTES (its open page still signs out), and shows the 404 page in the shell', async () => {
    const owner = await createUser(web.app, [Role.ProjectOwner]);
    const context = await newBrowserContext(web.browser, web.baseUrl);
    const page = await context.newPage();
    await signIn(page, owner);
    await web.db.query(`UPDATE web_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [
      owner.id,
    ]);
    // A page left open past the session's end still signs out cleanly, and its cookie goes.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login?signedOut=1');
    expect((await context.cookies()).find((c) => c.name === 'session')).toBeUndefined();
    await signIn(page, owner);
    await web.db.query(`UPDATE web_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [
      owner.id,
    ]);
    await page.goto('/account');
    expect(new URL(page.url()).pathname).toBe('/login');

    await signIn(page, owner);
    await web.db.query(`UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      owner.id,
    ]);
    await page.goto('/account');
    expect(new URL(page.url()).pathname).toBe('/login');

    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });
});
