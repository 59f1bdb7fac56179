import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

/**
 * Polls `probe` until `accept` holds for its value, and returns that value. After `timeoutMs` it fails,
 * naming what it waited for and the last value it saw. A probe that throws fails at once.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `waited ${timeoutMs} ms for ${what}; last seen: ${inspect(value, { depth: 5, breakLength: Infinity })}`,
      );
    await sleep(intervalMs);
  }
}
