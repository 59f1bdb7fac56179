import { link, unlink, writeFile } from 'node:fs/promises';

/**
 * Creates a key file unless it exists, atomically: instances starting together agree on the first
 * one written, and none reads a half-written file (the data lands in a temporary file, then is linked).
 */
export async function writeOnce(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
}
