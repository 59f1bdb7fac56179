import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JWK } from 'jose';
import { type DecisionManifest, MANIFEST_TYPE } from '../signing/manifest';
import { invalid, type Verification } from './verification';

/** Checks a manifest JWS against a JWKS, offline: EdDSA only, the key found by kid, the payload a manifest. */
export async function verifyManifest(jws: string, jwks: { keys: JWK[] }): Promise<Verification> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jws);
    kid = header.kid;
    if (header.typ !== MANIFEST_TYPE)
      return invalid('jws', `This JWS is not a decision manifest (typ ${String(header.typ)}).`);
  } catch {
    return invalid('jws', 'The file is not a compact JWS.');
  }
  try {
    const { payload } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    const manifest = JSON.parse(new TextDecoder().decode(payload)) as DecisionManifest;
    if (manifest.keyId !== kid)
      return invalid('jws', 'The manifest names a different key than the one that signed it.');
    return {
      valid: true,
      kind: 'jws',
      reason: `The manifest signature is valid (key ${kid}).`,
      details: { ...manifest },
    };
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey)
      return invalid('jws', `The manifest was signed with key ${kid ?? '(none named)'}, which is not in the JWKS.`);
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return invalid(
        'jws',
        'The manifest signature does not verify: the manifest was changed or signed with another key.',
      );
    return invalid('jws', `The manifest cannot be verified: ${(error as Error).message}`);
  }
}
