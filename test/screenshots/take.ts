import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freshDatabase, startService } from '../../bench/support';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';

/**
 * The README's screenshots of the project owner's journey (npm run screenshots), taken from the real service on a
 * fresh database in Debian's chromium, so they show what the pages are today. Reviewers act through the API.
 */
const OUT = join(__dirname, '..', '..', '..', 'test', 'screenshots');
const ADMIN = { email: 'screenshots.admin@example.gov', password: 'screenshots-admin-passphrase' };
const PEOPLE = {
  owner: { role: 'project_owner', name: 'Dana Okafor', department: 'Transportation' },
  officer: { role: 'privacy_officer', name: 'Sam Reyes', department: null },
  counsel: { role: 'legal_counsel', name: 'Priya Natarajan', department: null },
  approver: { role: 'approver', name: 'Lee Morgan', department: null },
} as const;
type Who = keyof typeof PEOPLE;
const password = (who: Who) => `amber-harbour-${who.length}-lantern-quay`;
const email = (who: Who) => `${PEOPLE[who].name.toLowerCase().replace(' ', '.')}@example.gov`;

async function main(): Promise<void> {
  const db = await freshDatabase('screenshots');
  const service = await startService({
    DATABASE_URL: db.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
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

    // An earlier assessment of Dana's, approved with a condition, so "My work" and the conditions page have content.
    const earlier = await call(tokens.owner, 'POST', '/assessments', {
      title: 'Parking sensors',
      department: 'Transportation',
    });
    const id = earlier.id as string;
    const saved = await call(
      tokens.owner,
      'PATCH',
      `/assessments/${id}/answers`,
      { answers: PARKING_APP_ANSWERS },
      {
        'If-Match': `"${earlier.version}"`,
      },
    );
    await call(
      tokens.owner,
      'POST',
      `/assessments/${id}/events`,
      { type: 'SUBMIT' },
      { 'If-Match': `"${saved.version}"` },
    );
    await event('officer', id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    const register = await call(tokens.officer, 'GET', `/assessments/${id}/risk`);
    const riskIds = (register.risks as { id: string }[]).map((r) => r.id);
    await call(tokens.officer, 'POST', `/assessments/${id}/measures`, { title: 'Hash plates at the sensor', riskIds });
    for (const risk of register.risks as { id: string }[]) {
      const level = { value: 1, justification: 'Plates are hashed at the sensor.' };
      await call(tokens.officer, 'PUT', `/assessments/${id}/risks/${risk.id}`, {
        treatment: 'reduced',
        residual: { severity: level, likelihood: level },
      });
    }
    await event('officer', id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await event('approver', id, {
      type: 'APPROVE',
      password: password('approver'),
      conditions: [{ text: 'Publish the retention schedule on the parking web page.', dueDate: '2027-03-31' }],
    });

    const page = await (await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } })).newPage();
    const shot = (name: string) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    await page.goto('/login');
    await page.getByLabel('E-mail address').fill(email('owner'));
    await page.getByLabel('Password').fill(password('owner'));
    await shot('1-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await shot('2-my-work');

    await page.goto('/pia/new');
    await page.getByLabel('Project title').fill('Loading zone cameras');
    await page.getByLabel('What the project does').fill('Cameras read licence plates at commercial loading zones.');
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    await page.waitForURL(/\/sections\/screening$/);
    await page.locator('#scale_people').fill('about 5000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForLoadState();
    await shot('3-a-section-with-an-error');

    const ref = new URL(page.url()).pathname.split('/')[2];
    await page.goto(`/pia/${ref}/submit`);
    await shot('4-check-and-submit');
    await page.goto(`/pia/${earlier.ref}`);
    await shot('5-status-and-decision');
    await page.goto(`/pia/${earlier.ref}/conditions`);
    await shot('6-conditions');
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
