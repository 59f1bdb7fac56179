import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { freshDatabase, startService } from '../../bench/support';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';

/**
 * The README's screenshots of each role's main pages at 1280 and 375 px wide (npm run screenshots), taken from the
 * real service on a fresh database in Debian's chromium, so they show what the pages are today. The data behind
 * them is made through the API.
 */
const OUT = join(__dirname, '..', '..', '..', 'test', 'screenshots');
const ADMIN = { email: 'screenshots.admin@example.gov', password: 'screenshots-admin-passphrase' };
const PEOPLE = {
  owner: { role: 'project_owner', name: 'Dana Okafor', department: 'Transportation' },
  officer: { role: 'privacy_officer', name: 'Sam Reyes', department: null },
  counsel: { role: 'legal_counsel', name: 'Priya Natarajan', department: null },
  approver: { role: 'approver', name: 'Lee Morgan', department: null },
  records: { role: 'records_officer', name: 'Ana Costa', department: null },
} as const;
const WIDTHS = [1280, 375];
type Who = keyof typeof PEOPLE;
const password = (who: Who) => `amber-harbour-${who.length}-lantern-quay`;
const email = (who: Who) => `${PEOPLE[who].name.toLowerCase().replace(' ', '.')}@example.gov`;

async function main(): Promise<void> {
  const db = await freshDatabase('screenshots');
  const service = await startService({
    DATABASE_URL: db.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // The README's screenshots walk workflow v1's stages (the legal review page among them).
    WORKFLOW_START_VERSION: 'v1',
  });
  const base = `http://127.0.0.1:${service.port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const call = async (token: string, method: string, path: string, body?: object, headers = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
        body: body && JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const tokenOf = async (who: { email: string; password: string }) =>
      (await call('', 'POST', '/auth/login', who)).accessToken as string;
    const admin = await tokenOf(ADMIN);
    const tokens = {} as Record<Who, string>;
    for (const who of Object.keys(PEOPLE) as Who[]) {
      const { role, name, department } = PEOPLE[who];
      await call(admin, 'POST', '/users', {
        email: email(who),
        password: password(who),
        displayName: name,
        department,
        roles: [role],
      });
      tokens[who] = await tokenOf({ email: email(who), password: password(who) });
    }
    const event = (who: Who, id: string, body: Record<string, unknown>) =>
      call(tokens[who], 'POST', `/assessments/${id}/events`, body);

    /** One of Dana's assessments, answered and submitted. */
    const submitted = async (title: string) => {
      const created = await call(tokens.owner, 'POST', '/assessments', { title, department: 'Transportation' });
      const id = created.id as string;
      const saved = await call(
        tokens.owner,
        'PATCH',
        `/assessments/${id}/answers`,
        { answers: PARKING_APP_ANSWERS },
        { 'If-Match': `"${created.version}"` },
      );
      await call(
        tokens.owner,
        'POST',
        `/assessments/${id}/events`,
        { type: 'SUBMIT' },
        { 'If-Match': `"${saved.version}"` },
      );
      return { id, ref: created.ref as string };
    };
    /** Every risk treated; with `high`, the first keeps a high residual score (accepted), so legal review follows. */
    const treat = async (id: string, high: boolean) => {
      const register = await call(tokens.officer, 'GET', `/assessments/${id}/risk`);
      const riskIds = (register.risks as { id: string }[]).map((r) => r.id);
      await call(tokens.officer, 'POST', `/assessments/${id}/measures`, {
        title: 'Hash plates at the sensor',
        riskIds,
      });
      for (const [i, riskId] of riskIds.entries()) {
        const level = { value: high && i === 0 ? 3 : 1, justification: 'Plates are hashed at the sensor.' };
        await call(tokens.officer, 'PUT', `/assessments/${id}/risks/${riskId}`, {
          treatment: high && i === 0 ? 'accepted' : 'reduced',
          residual: { severity: level, likelihood: level },
        });
      }
    };

    // An earlier assessment of Dana's, approved with a condition: "My work", the decision, the conditions, records.
    const earlier = await submitted('Parking sensors');
    await event('officer', earlier.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treat(earlier.id, false);
    await event('officer', earlier.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await event('approver', earlier.id, {
      type: 'APPROVE',
      password: password('approver'),
      conditions: [{ text: 'Publish the retention schedule on the parking web page.', dueDate: '2027-03-31' }],
    });
    // One at each reviewer's step.
    const inScreening = await submitted('Curb-space sensors');
    const inRisk = await submitted('Pay-by-phone parking');
    await event('officer', inRisk.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    const inLegal = await submitted('Licence plate readers');
    await event('officer', inLegal.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treat(inLegal.id, true);
    await event('officer', inLegal.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    const inApproval = await submitted('Loading zone permits');
    await event('officer', inApproval.id, {
      type: 'CONFIRM_SCREENING',
      outcome: 'sir',
      reason: 'Cameras at the curb.',
    });
    await treat(inApproval.id, true);
    await event('officer', inApproval.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await event('counsel', inApproval.id, {
      type: 'LEGAL_CLEAR',
      findings: 'The accepted residual risk is lawful under the municipal code.',
    });
    const pack = await call(tokens.records, 'POST', '/records/packages', { filter: { department: 'Transportation' } });

    /** A page signed in as `who` (or signed out), and a shot of it at each width. */
    const pageOf = async (who: Who | 'admin' | null) => {
      const page = await (
        await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } })
      ).newPage();
      if (who) {
        await page.goto('/login');
        await page.getByLabel('E-mail address').fill(who === 'admin' ? ADMIN.email : email(who));
        await page.getByLabel('Password').fill(who === 'admin' ? ADMIN.password : password(who));
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${base}/`);
      }
      return page;
    };
    const shot = async (page: Page, name: string) => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    };
    const visit = async (page: Page, path: string, name: string) => {
      const res = await page.goto(path);
      if (!res?.ok()) throw new Error(`GET ${path} → ${res?.status()}`);
      await shot(page, name);
    };

    // The project owner.
    const signedOut = await pageOf(null);
    await signedOut.goto('/login');
    await shot(signedOut, 'owner-1-sign-in');
    const owner = await pageOf('owner');
    await shot(owner, 'owner-2-my-work');
    await owner.goto('/pia/new');
    await owner.getByLabel('Project title').fill('Loading zone cameras');
    await owner.getByLabel('What the project does').fill('Cameras read licence plates at commercial loading zones.');
    await owner.getByRole('button', { name: 'Start the assessment' }).click();
    await owner.waitForURL(/\/sections\/screening$/);
    await owner.locator('#scale_people').fill('about 5000');
    await owner.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.waitForLoadState();
    await shot(owner, 'owner-3-a-section-with-an-error');
    const draft = new URL(owner.url()).pathname.split('/')[2];
    await visit(owner, `/pia/${draft}/submit`, 'owner-4-check-and-submit');
    await visit(owner, `/pia/${earlier.ref}`, 'owner-5-status-and-decision');
    await visit(owner, `/pia/${earlier.ref}/conditions`, 'owner-6-conditions');

    // The privacy officer, legal counsel and the approver.
    const officer = await pageOf('officer');
    await visit(officer, '/review', 'officer-1-queue');
    await visit(officer, `/pia/${inScreening.ref}/screening`, 'officer-2-screening');
    await visit(officer, `/pia/${inRisk.ref}/risk`, 'officer-3-risk-register');
    const counsel = await pageOf('counsel');
    await visit(counsel, `/pia/${inLegal.ref}/legal`, 'counsel-1-legal-review');
    const approver = await pageOf('approver');
    await visit(approver, `/pia/${inApproval.ref}/decide`, 'approver-1-decision');
    await approver.locator('label[for="choice-approve"]').click();
    await approver.getByRole('button', { name: 'Continue to sign', exact: true }).click();
    await approver.waitForLoadState();
    await shot(approver, 'approver-2-signing');

    // The records officer, the admin, and the public.
    const records = await pageOf('records');
    await visit(records, '/records', 'records-1-decisions');
    await visit(records, `/records/archives/${pack.id as string}`, 'records-2-archival-package');
    await visit(records, '/records/retention', 'records-3-retention');
    const adminPage = await pageOf('admin');
    await visit(adminPage, '/admin/users', 'admin-1-users');
    await visit(adminPage, '/admin/sign-ins', 'admin-2-sign-in-log');
    await visit(signedOut, '/public/register', 'public-1-register');
    await visit(signedOut, '/public/verify', 'public-2-verify');
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await browser.close();
    await service.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
