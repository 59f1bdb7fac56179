import { generateKeyPairSync, type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { writeOnce } from './write-once';

/** An Ed25519 key that signs manifests; the private half never leaves its file. */
export interface ManifestKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
  /** Its order in the folder: the highest signs, the others stay published for old documents. */
  serial: number;
}

const FILE = /^ed25519-(\d{4,})\.pem$/;
const fileName = (serial: number) => `ed25519-${String(serial).padStart(4, '0')}.pem`;

async function keyFromPem(pem: string, serial: number): Promise<ManifestKey> {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${fileName(serial)} is not an Ed25519 key`);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return { kid, privateKey, serial, publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' } };
}

/** Writes the next key in the folder; two instances racing for the same serial end up with one key. */
async function addManifestKey(dir: string, serial: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await writeOnce(join(dir, fileName(serial)), pem);
}

/** Every manifest key in the folder, oldest first; the first start makes one. */
export async function loadManifestKeys(dir: string): Promise<ManifestKey[]> {
  const serials = async () =>
    ((await readdir(dir).catch(() => [])) as string[])
      .flatMap((f) => f.match(FILE)?.[1] ?? [])
      .map(Number)
      .sort((a, b) => a - b);
  if ((await serials()).length === 0) await addManifestKey(dir, 1);
  return Promise.all(
    (await serials()).map(async (serial) => keyFromPem(await readFile(join(dir, fileName(serial)), 'utf8'), serial)),
  );
}

/** Adds a key that signs from now on (rotation); the CLI calls it, running instances pick it up at restart. */
export async function rotateManifestKey(dir: string): Promise<ManifestKey> {
  const keys = await loadManifestKeys(dir);
  const serial = keys[keys.length - 1].serial + 1;
  await addManifestKey(dir, serial);
  return keyFromPem(await readFile(join(dir, fileName(serial)), 'utf8'), serial);
}
