import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { launchChromium } from './browser';
import { bootTestApp } from './test-app';
import type { TestUser } from './identity';

export const ARTIFACTS = join(__dirname, '..', 'artifacts');
const AXE = require.resolve('axe-core/axe.min.js');

/** The real application listening on a free port of 127.0.0.1, for a browser to visit. */
export async function startWebApp(
  env: Record<string, string> = {},
): Promise<{ app: INestApplication; baseUrl: string }> {
  const app = await bootTestApp(env);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

export interface WebSuite {
  app: INestApplication;
  baseUrl: string;
  browser: Browser;
  db: DataSource;
}

/** For one spec file: the app on a port and a chromium, started before its tests and closed after them. */
export function webSuite(env: Record<string, string> = {}): WebSuite {
  const suite = {} as WebSuite;
  beforeAll(async () => {
    Object.assign(suite, await startWebApp(env));
    suite.db = suite.app.get(DataSource);
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/** A fresh browser profile (its own cookies), with script on or off. */
export function newBrowserContext(
  browser: Browser,
  baseUrl: string,
  options: { javaScript?: boolean; width?: number } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
  });
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core on the page as it stands and returns the serious and critical violations (the standard is none).
 * The pages' CSP forbids inline script, so axe is evaluated through the DevTools protocol rather than added as a
 * <script>. A page in a context with script off cannot run axe (its timers never fire), so its DOM is copied into
 * a page of the same origin and size with script on, its own scripts left out, and checked there.
 */
export async function seriousAxeViolations(
  page: Page,
  options: { javaScript?: boolean } = {},
): Promise<AxeViolation[]> {
  if (options.javaScript !== false) return axeViolations(page);
  const context = page.context();
  const copy = await context.browser()!.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
  try {
    const probe = await copy.newPage();
    await probe.goto(new URL('/assets/app/app.css', page.url()).href); // the origin the page's links resolve against
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
    await probe.setContent(html, { waitUntil: 'load' });
    return await axeViolations(probe);
  } finally {
    await copy.close();
  }
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('Runtime.evaluate', { expression: readFileSync(AXE, 'utf8') });
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      expression: `axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations))`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`axe failed: ${exceptionDetails.text}`);
    const violations = JSON.parse(result.value as string) as AxeViolation[];
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
  } finally {
    await session.detach();
  }
}

/**
 * Full-page screenshots at 1280 and 375 px wide under test/artifacts/ (not committed: look at them), and the
 * page's width at 320 px: it must not scroll sideways. Returns that scroll width.
 */
export async function screenshots(page: Page, name: string): Promise<{ widthAt320: number }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 320, height: 900 });
  const widthAt320 = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
        .scrollWidth,
  );
  await page.setViewportSize(original);
  return { widthAt320 };
}

/**
 * The page as it stands is checked: no serious or critical axe violation; with a name, also screenshots that fit
 * 320 px. Every browser spec calls it on every page it visits.
 */
export async function checkPage(page: Page, javaScript: boolean, name: string | null = null): Promise<void> {
  expect(await seriousAxeViolations(page, { javaScript })).toEqual([]);
  if (name) expect((await screenshots(page, name)).widthAt320).toBeLessThanOrEqual(320);
}

/** The text of the first element a selector finds, with its white space collapsed as a reader sees it. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** A browser without one: its cookie header and the CSRF token its pages carry, for requests sent with supertest. */
export interface FormBrowser {
  cookie: string;
  csrf: string;
}

/** Signs in through the sign-in form (or stays signed out without `user`), as a browser would. */
export async function formBrowser(
  app: INestApplication,
  user?: Pick<TestUser, 'email' | 'password'>,
): Promise<FormBrowser> {
  const http = () => request(app.getHttpServer());
  const form = await http().get('/login');
  const binding = form.headers['set-cookie'][0].split(';')[0];
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  if (!user) return { cookie: binding, csrf: csrfOf(form.text) };
  const signedIn = await http()
    .post('/login')
    .set('Cookie', binding)
    .type('form')
    .send({ _csrf: csrfOf(form.text), email: user.email, password: user.password })
    .expect(303);
  const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('session='))!;
  const session = cookie.split(';')[0];
  const page = await http().get('/account').set('Cookie', session).expect(200);
  return { cookie: session, csrf: csrfOf(page.text) };
}
