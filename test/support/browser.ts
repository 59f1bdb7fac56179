import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium, headless, with no background traffic (this machine's network is closed). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A CSS property as the browser computed it (the specs are compiled without the DOM's types). */
export function computedStyle(locator: Locator, property: string): Promise<string> {
  type Window = { getComputedStyle(element: unknown): Record<string, string> };
  return locator.evaluate(
    (element, name) => (globalThis as unknown as Window).getComputedStyle(element)[name],
    property,
  );
}
