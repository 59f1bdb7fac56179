import { CompactSign } from 'jose';
import type { ManifestKey } from '../keys/manifest-keys';

/** What the signed manifest says of one decision document; anyone holding the JWKS can check it. */
export interface DecisionManifest {
  decisionId: string;
  assessmentRef: string;
  outcome: string;
  decidedAt: string;
  signers: { name: string; role: string; at: string; meaning: string }[];
  documentVersion: number;
  /** The document this one corrects, when it is a correction. */
  supersedes: string | null;
  pdfSha256: string;
  htmlSha256: string;
  lastEventHash: string;
  keyId: string;
}

export const MANIFEST_TYPE = 'decision-manifest+jws';

/** A compact JWS (RFC 7515) over the manifest, EdDSA with Ed25519, the key named by kid. */
export function signManifest(manifest: Omit<DecisionManifest, 'keyId'>, key: ManifestKey): Promise<string> {
  const payload: DecisionManifest = { ...manifest, keyId: key.kid };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: MANIFEST_TYPE })
    .sign(key.privateKey);
}
