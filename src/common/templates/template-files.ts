import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A template that cannot be used: names the file and the JSON Pointer of the problem. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    problem: string,
  ) {
    super(`${file}: ${path || '/'} ${problem}`);
    this.name = 'TemplateError';
  }
}

/** Reads every *.json in a folder, in name order, and checks each with `check`; any problem stops with a TemplateError. */
export async function loadTemplateFiles<T>(dir: string, check: (file: string, parsed: unknown) => T): Promise<T[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const loaded: T[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (error) {
      throw new TemplateError(file, '', `is not valid JSON: ${(error as Error).message}`);
    }
    loaded.push(check(file, parsed));
  }
  return loaded;
}
