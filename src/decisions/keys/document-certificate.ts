import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import forge from 'node-forge';
import { writeOnce } from './write-once';

/** The organisation's certificate and key for PAdES signatures, as @signpdf's P12 signer takes them. */
export interface DocumentCertificate {
  p12: Buffer;
  password: string;
  certificate: X509Certificate;
  /** sha256 of the certificate's DER, as x5t#S256 names it. */
  kid: string;
  /** The public key with its certificate (x5c), so the JWKS alone verifies PDFs offline too. */
  publicJwk: JWK;
  development: boolean;
}

const DEV_FILE = 'dev-document-signing.p12';
const DEV_PASSWORD = 'development-only';

export function certificateJwk(certificate: X509Certificate): { kid: string; publicJwk: JWK } {
  const kid = createHash('sha256').update(certificate.raw).digest('base64url');
  const jwk = certificate.publicKey.export({ format: 'jwk' }) as JWK;
  return { kid, publicJwk: { ...jwk, kid, use: 'sig', alg: 'RS256', x5c: [certificate.raw.toString('base64')], 'x5t#S256': kid } };
}

/** The certificate inside a PKCS#12 file; a wrong password or a file without one stops the start with a clear message. */
function certificateOf(p12: Buffer, password: string, name: string): X509Certificate {
  let bags: forge.pkcs12.Bag[];
  try {
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), password);
    bags = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
    if ((parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []).length === 0) throw new Error('it holds no private key');
  } catch (error) {
    throw new Error(`${name} cannot be read as PKCS#12 with the password given: ${(error as Error).message}`, { cause: error });
  }
  const cert = bags.find((b) => b.cert)?.cert;
  if (!cert) throw new Error(`${name} holds no certificate`);
  return new X509Certificate(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
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
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], DEV_PASSWORD, { algorithm: '3des', friendlyName: 'decision-signing' });
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
    const certificate = certificateOf(p12, configured.password, `DOCUMENT_SIGNING_P12 (${configured.path})`);
    return { p12, password: configured.password, certificate, ...certificateJwk(certificate), development: false };
  }
  const dir = join(dataDir, 'keys');
  const file = join(dir, DEV_FILE);
  if (!(await readFile(file).catch(() => undefined))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeOnce(file, developmentP12(organisation));
  }
  const p12 = await readFile(file);
  const certificate = certificateOf(p12, DEV_PASSWORD, file);
  return { p12, password: DEV_PASSWORD, certificate, ...certificateJwk(certificate), development: true };
}
