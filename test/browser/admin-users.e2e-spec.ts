import type { Page } from 'playwright-core';
import { Role } from '../../src/common/auth/roles';
import { createUser } from '../support/identity';
import { checkPage, textOf, newBrowserContext, signIn, webSuite } from '../support/web';

describe('an admin manages users and reads the sign-in log in a browser', () => {
  const web = webSuite();

  const stored = async (email: string) =>
    (
      await web.db.query(
        `SELECT u.id, u.display_name, u.department, u.active,
                coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
           FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.email = $1 GROUP BY u.id`,
        [email],
      )
    )[0] as { id: string; display_name: string; department: string | null; active: boolean; roles: string[] };
  const eventsOf = async (userId: string) =>
    (await web.db.query('SELECT type, actor_id FROM auth_events WHERE user_id = $1 ORDER BY id', [userId])).map(
      (e: { type: string; actor_id: string | null }) => e,
    ) as { type: string; actor_id: string | null }[];

  /** A USWDS checkbox is ticked by its label, as a person does (the input itself is drawn off-screen). */
  async function tick(page: Page, label: string, checked: boolean) {
    const box = page.getByLabel(label, { exact: true });
    if ((await box.isChecked()) !== checked) await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
    expect(await box.isChecked()).toBe(checked);
  }

  // The pages are the same server-rendered HTML either way: screenshots once, from the run with script.
  const check = (page: Page, javaScript: boolean, name: string | null) =>
    checkPage(page, javaScript, javaScript ? name : null);

  it.each([
    ['with-script', true],
    ['without-script', false],
  ])(
    'an admin adds a user, changes their roles and department, deactivates them (their session ends) and reactivates them; on their own page only their department is offered, and forged changes of their own roles or status are refused (%s)',
    async (label, javaScript) => {
      // This run's admin is the only active one, so the last-admin protection applies to them.
      const admin = await createUser(web.app, [Role.Admin], { displayName: 'Ada Admin', label: `admin` });
      await web.db.query(
        `UPDATE users SET active = false WHERE id <> $1 AND id IN (SELECT user_id FROM user_roles WHERE role = 'admin')`,
        [admin.id],
      );
      const context = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const page = await context.newPage();
      await signIn(page, admin);

      // The navigation leads to the list of users, with its total.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await page.waitForURL('**/admin/users');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');
      expect(await textOf(page, '[data-total]')).toMatch(/^Showing 1 to \d+ of \d+ users?\.$/);
      await check(page, javaScript, 'admin-users');

      // A new user: a weak initial password is refused, and what was typed stays.
      const email = `jordan.lee.${label}@example.gov`;
      await page.getByRole('link', { name: 'Add a user' }).click();
      await page.waitForURL('**/admin/users/new');
      await page.getByLabel('Name', { exact: true }).fill('Jordan Lee');
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Department (optional)').fill('Transportation');
      await tick(page, 'Project owner', true);
      await page.getByLabel('Initial password').fill('short');
      await page.getByRole('button', { name: 'Add the user' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Password must be at least 12 characters.');
      expect(await page.locator('#password-error').count()).toBe(1);
      expect(await page.getByLabel('E-mail address').inputValue()).toBe(email);
      expect(await page.getByLabel('Project owner').isChecked()).toBe(true);
      expect(await stored(email)).toBeUndefined();
      await check(page, javaScript, 'admin-user-new-error');

      const password = `a long initial pass phrase ${label}`;
      await page.getByLabel('Initial password').fill(password);
      await page.getByRole('button', { name: 'Add the user' }).click();
      await page.waitForURL('**/admin/users/*?done=created');
      expect(await page.getByRole('status').textContent()).toContain('User created');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Jordan Lee');
      const created = await stored(email);
      expect(created).toMatchObject({ display_name: 'Jordan Lee', department: 'Transportation', active: true });
      expect(created.roles).toEqual(['project_owner']);
      expect(await eventsOf(created.id)).toEqual([{ type: 'user_created', actor_id: admin.id }]);
      await check(page, javaScript, null);

      // Jordan signs in (failing once first) in a browser of their own.
      const jordanContext = await newBrowserContext(web.browser, web.baseUrl, { javaScript });
      const jordan = await jordanContext.newPage();
      await jordan.goto('/login');
      await jordan.getByLabel('E-mail address').fill(email);
      await jordan.getByLabel('Password').fill('not the password at all');
      await jordan.getByRole('button', { name: 'Sign in' }).click();
      expect(await jordan.getByRole('alert').textContent()).toContain('The e-mail or password is not correct.');
      await signIn(jordan, { email, password });
      expect(new URL(jordan.url()).pathname).toBe('/');

      // Roles and department change; they apply from Jordan's next request.
      await tick(page, 'Project owner', false);
      await tick(page, 'Approver', true);
      await tick(page, 'Legal counsel', true);
      await page.getByLabel('Department (optional)').fill('Seattle Police Department');
      await page.getByRole('button', { name: 'Save roles and department' }).click();
      await page.waitForURL('**?done=saved');
      expect(await textOf(page, '[data-roles]')).toBe('Approver, Legal counsel');
      expect(await textOf(page, '[data-department]')).toBe('Seattle Police Department');
      const changed = await stored(email);
      expect(changed.roles).toEqual(['approver', 'legal_counsel']);
      expect(changed.department).toBe('Seattle Police Department');
      await jordan.goto('/account');
      expect(await jordan.locator('header').textContent()).toContain('Approver, Legal counsel');
      await check(page, javaScript, 'admin-user');

      // Deactivation ends Jordan's session at once.
      await page.getByRole('button', { name: 'Deactivate Jordan Lee' }).click();
      await page.waitForURL('**?done=deactivated');
      expect(await textOf(page, '[data-status]')).toBe('Deactivated: cannot sign in');
      expect((await stored(email)).active).toBe(false);
      await jordan.goto('/account');
      expect(new URL(jordan.url()).pathname).toBe('/login');
      await check(page, javaScript, null);

      // Reactivated, Jordan signs in again (the old session stays ended).
      await page.getByRole('button', { name: 'Reactivate Jordan Lee' }).click();
      await page.waitForURL('**?done=reactivated');
      expect(await textOf(page, '[data-status]')).toBe('Active');
      expect((await stored(email)).active).toBe(true);
      await signIn(jordan, { email, password });
      expect(new URL(jordan.url()).pathname).toBe('/');
      expect((await eventsOf(created.id)).map((e) => e.type)).toEqual([
        'user_created',
        'login_failed',
        'login_succeeded',
        'roles_changed',
        'user_deactivated',
        'user_reactivated',
        'login_succeeded',
      ]);
      await jordanContext.close();

      // On their own page the admin is offered only what the service would accept: their department, not their
      // roles nor deactivating themselves, said why in words.
      await page.goto(`/admin/users/${admin.id}`);
      expect(await textOf(page, '[data-roles-refused]')).toBe(
        'This is your own account. Another admin must change your roles.',
      );
      expect(await textOf(page, '[data-deactivate-refused]')).toBe(
        'This is your own account. You cannot deactivate yourself or remove your own admin role.',
      );
      expect(await page.getByRole('checkbox').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Deactivate Ada Admin' }).count()).toBe(0);
      await check(page, javaScript, 'admin-own-account');
      await page.getByLabel('Department', { exact: false }).fill('IT services');
      await page.getByRole('button', { name: 'Save department' }).click();
      await page.waitForURL('**?done=saved');
      expect(await textOf(page, '[data-department]')).toBe('IT services');
      expect(await textOf(page, '[data-roles]')).toBe('Administrator');
      expect(await stored(admin.email)).toMatchObject({ active: true, roles: ['admin'], department: 'IT services' });

      // Forged POSTs (a valid session and token) still meet the service: refused in its words, nothing changed.
      const eventsBefore = await eventsOf(admin.id);
      const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
      const deactivate = await page.request.post(`/admin/users/${admin.id}/deactivate`, {
        form: { _csrf: csrf },
        maxRedirects: 0,
      });
      expect(deactivate.status()).toBe(409);
      expect(await deactivate.text()).toContain('You cannot deactivate yourself or remove your own admin role.');
      for (const roles of [[], ['admin', 'approver']]) {
        const body = new URLSearchParams([
          ['_csrf', csrf],
          ['department', 'Forged'],
          ...roles.map((r): [string, string] => ['roles', r]),
        ]);
        const save = await page.request.post(`/admin/users/${admin.id}`, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          data: body.toString(),
          maxRedirects: 0,
        });
        expect([roles, save.status()]).toEqual([roles, roles.length ? 403 : 409]);
        expect(await save.text()).toContain(
          roles.length ? 'Another admin must change your roles.' : 'You cannot deactivate yourself',
        );
      }
      expect(await stored(admin.email)).toMatchObject({ active: true, roles: ['admin'], department: 'IT services' });
      expect(await eventsOf(admin.id)).toEqual(eventsBefore);
      expect(
        Number(
          (
            await web.db.query(
              `SELECT count(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin' AND u.active`,
            )
          )[0].n,
        ),
      ).toBe(1);

      // The list filters by role, department and status.
      await page.goto('/admin/users');
      await page.getByLabel('Role').selectOption('approver');
      await page.getByLabel('Department').selectOption('Seattle Police Department');
      await page.getByLabel('Status').selectOption('true');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL('**/admin/users?*');
      const rows = await page.locator('[data-users] tbody tr').allTextContents();
      expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toContainEqual(expect.stringContaining('Jordan Lee'));
      expect(rows.every((r) => r.includes('Approver') && r.includes('Seattle Police Department'))).toBe(true);
      await page.getByLabel('Status').selectOption('false');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL('**active=false*');
      expect(await textOf(page, '[data-total]')).toBe('No users match.');

      // The sign-in log: Jordan's failed sign-in, found by e-mail and kind, within today.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign-in log' }).click();
      await page.waitForURL('**/admin/sign-ins');
      await check(page, javaScript, 'admin-sign-ins');
      const today = new Date().toISOString().slice(0, 10);
      await page.getByLabel('Person or e-mail').fill(email);
      await page.getByLabel('What happened').selectOption('login_failed');
      await page.getByLabel('From (day)').fill(today);
      await page.getByLabel('To (day, included)').fill(today);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL('**/admin/sign-ins?*');
      const log = await page.locator('[data-sign-ins] tbody tr').allTextContents();
      expect(log).toHaveLength(1);
      expect(log[0].replace(/\s+/g, ' ')).toContain('Sign-in failed');
      expect(log[0]).toContain(email);
      expect(await textOf(page, '[data-total]')).toBe('Showing 1 to 1 of 1 event.');
      await check(page, javaScript, 'admin-sign-ins-filtered');
      // Everything Jordan's account went through, by name; and a day in the future holds nothing.
      await page.getByLabel('What happened').selectOption('');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL('**/admin/sign-ins?*');
      expect(await page.locator('[data-sign-ins] tbody tr').count()).toBe(7);
      expect(await page.textContent('[data-sign-ins]')).toContain('From Project owner to Approver, Legal counsel.');
      await page.goto(`/admin/sign-ins?person=${encodeURIComponent(email)}&from=2999-01-01`);
      expect(await textOf(page, '[data-total]')).toBe('No events match.');
      // A day that is no date is said so, and the rest of the filter still applies.
      const bad = await page.goto(`/admin/sign-ins?person=${encodeURIComponent(email)}&from=2026-02-30`);
      expect(bad?.status()).toBe(400);
      expect(await page.getByRole('alert').textContent()).toContain('Enter the first day as a date');
      expect(await page.locator('[data-sign-ins] tbody tr').count()).toBe(7);
      await check(page, javaScript, null);
      await context.close();
    },
    // A long journey with axe on a dozen pages, on a machine shared by several runs.
    300_000,
  );
});
