import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { verifyManifest } from './verify-manifest';
import { verifyPdf } from './verify-pdf';
import { invalid, type Verification } from './verification';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * Verifies an uploaded PDF or manifest JWS, telling which by content rather than by name. `sha256` is
 * the file's, when the caller hashed it already (the server does, while receiving it).
 */
export async function verifyFile(
  file: Buffer,
  jwks: { keys: JWK[] },
  sha256 = createHash('sha256').update(file).digest('hex'),
): Promise<Verification & { sha256: string }> {
  if (file.subarray(0, 5).toString('latin1') === '%PDF-') return { ...verifyPdf(file, jwks), sha256 };
  const text = file.toString('utf8').trim();
  if (COMPACT_JWS.test(text)) return { ...(await verifyManifest(text, jwks)), sha256 };
  return { ...invalid('unknown', 'The file is neither a PDF nor a compact JWS.'), sha256 };
}
