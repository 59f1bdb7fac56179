import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/**
 * BagIt (RFC 8493) on disk, then zipped. Payload files are written whole (temporary file, then rename),
 * so a file that exists is complete: a build that stopped half-way resumes from what is there.
 */
export async function writePayloadFile(bagDir: string, path: string, content: string | Buffer): Promise<void> {
  const target = join(bagDir, 'data', path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(`${target}.partial`, content);
  await rename(`${target}.partial`, target);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.partial'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Lines as `sha256sum -c` reads them: "<hash>  <path>". */
async function manifest(bagDir: string, files: string[]): Promise<string> {
  const lines = [];
  for (const file of files) lines.push(`${await sha256Of(file)}  ${relative(bagDir, file)}\n`);
  return lines.join('');
}

/** Writes bagit.txt, the payload manifest, bag-info.txt (with Payload-Oxum) and the tag manifest. */
export async function finishBag(bagDir: string, info: [string, string][]): Promise<void> {
  // A filter that matches nothing makes a valid bag with an empty payload (Payload-Oxum 0.0).
  await mkdir(join(bagDir, 'data'), { recursive: true });
  const payload = await filesUnder(join(bagDir, 'data'));
  const octets = (await Promise.all(payload.map((f) => stat(f)))).reduce((sum, s) => sum + s.size, 0);
  await writeFile(join(bagDir, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  await writeFile(join(bagDir, 'manifest-sha256.txt'), await manifest(bagDir, payload));
  const lines = [...info, ['Payload-Oxum', `${octets}.${payload.length}`]].map(
    ([label, value]) => `${label}: ${value.replace(/\s*\n\s*/g, ' ')}`,
  );
  await writeFile(join(bagDir, 'bag-info.txt'), `${lines.join('\n')}\n`);
  const tags = ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'].map((f) => join(bagDir, f));
  await writeFile(join(bagDir, 'tagmanifest-sha256.txt'), await manifest(bagDir, tags));
}

/** Zips the bag as one top-level folder named `name`; returns the zip's size and sha256. */
export async function zipBag(
  bagDir: string,
  name: string,
  zipPath: string,
): Promise<{ bytes: number; sha256: string }> {
  const zip = new yazl.ZipFile();
  // The payload folder is part of a bag even when empty; a zip keeps only the folders it is told of.
  zip.addEmptyDirectory(`${name}/data`);
  for (const file of await filesUnder(bagDir)) zip.addFile(file, `${name}/${relative(bagDir, file)}`);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(`${zipPath}.partial`));
  await rename(`${zipPath}.partial`, zipPath);
  return { bytes: (await stat(zipPath)).size, sha256: await sha256Of(zipPath) };
}
