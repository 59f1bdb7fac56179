import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import forge from 'node-forge';
import { CertificateSigner } from '../signing/certificate-signer';
import { writeOnce } from './write-once';

/** The organisation's certificate and key for PAdES signatures, opened once. */
export interface DocumentCertificate {
  signer: CertificateSigner;
  /** sha256 of the certificate's DER, as x5t#S256 names it. */
  kid: string;
  /** The public key with its certificate (x5c), so the JWKS alone verifies PDFs offline too. */
  publicJwk: JWK;
  development: boolean;
}

const DEV_FILE = 'dev-document-signing.p12';
const DEV_PASSWORD = 'development-only';

function certificateJwk(certificate: X509Certificate): { kid: string; publicJwk: JWK } {
  const kid = createHash('sha256').update(certificate.raw).digest('base64url');
  const jwk = certificate.publicKey.export({ format: 'jwk' }) as JWK;
  return {
    kid,
    publicJwk: { ...jwk, kid, use: 'sig', alg: 'RS256', x5c: [certificate.raw.toString('base64')], 'x5t#S256': kid },
  };
}

/** A self-signed certificate for development: good for trying the engine, meaningless to anyone outside it. */
function developmentP12(organisation: string): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: `${organisation} (development signing certificate)` },
    { name: 'organizationName', value: organisation },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], DEV_PASSWORD, {
    algorithm: '3des',
    friendlyName: 'decision-signing',
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The configured PKCS#12, or else the development one under dataDir/keys, made on first start. */
export async function loadDocumentCertificate(
  configured: { path: string; password: string } | undefined,
  dataDir: string,
  organisation: string,
): Promise<DocumentCertificate> {
  if (configured) {
    const p12 = await readFile(configured.path).catch((error: Error) => {
      throw new Error(`DOCUMENT_SIGNING_P12 (${configured.path}) cannot be read: ${error.message}`);
    });
    const signer = new CertificateSigner(p12, configured.password, `DOCUMENT_SIGNING_P12 (${configured.path})`);
    return { signer, ...certificateJwk(signer.x509), development: false };
  }
  const dir = join(dataDir, 'keys');
  const file = join(dir, DEV_FILE);
  if (!(await readFile(file).catch(() => undefined))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeOnce(file, developmentP12(organisation));
  }
  const signer = new CertificateSigner(await readFile(file), DEV_PASSWORD, file);
  return { signer, ...certificateJwk(signer.x509), development: true };
}
