import { constants, createPrivateKey, type KeyObject, privateEncrypt, X509Certificate } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import forge from 'node-forge';

// DigestInfo header for SHA-256 (RFC 8017 §9.2 note 1): RSASSA-PKCS1-v1_5 signs this prefix plus the hash.
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * @signpdf's P12Signer, minus its cost: the PKCS#12 is opened once, at start (not per document), and
 * the RSA operation runs in Node's crypto rather than in JavaScript. The CMS it builds is the same:
 * detached, SHA-256, with content type, signing time and message digest as signed attributes.
 */
export class CertificateSigner extends Signer {
  /** The signing certificate, as published in the JWKS. */
  readonly x509: X509Certificate;
  private readonly certificate: forge.pki.Certificate;
  private readonly key: KeyObject;

  /** `name` says which file, in the message that stops the start when the file cannot be used. */
  constructor(p12: Buffer, password: string, name: string) {
    super();
    let privateKey: forge.pki.rsa.PrivateKey | undefined;
    let certificates: forge.pki.Certificate[];
    try {
      const opened = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, password);
      privateKey = opened.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
      certificates = (opened.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap((b) => (b.cert ? [b.cert] : []));
    } catch (error) {
      throw new Error(`${name} cannot be read as PKCS#12 with the password given: ${(error as Error).message}`, { cause: error });
    }
    if (!privateKey) throw new Error(`${name} holds no private key`);
    const mine = certificates.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(privateKey.n));
    if (!mine) throw new Error(`${name} holds no certificate for its private key`);
    this.certificate = mine;
    this.x509 = new X509Certificate(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(mine)).getBytes(), 'binary'));
    this.key = createPrivateKey(forge.pki.privateKeyToPem(privateKey));
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    p7.addCertificate(this.certificate);
    const key = this.key;
    p7.addSigner({
      // forge calls key.sign(md) with the digest of the signed attributes; Node does the RSA.
      key: { sign: (md: forge.md.MessageDigest) => privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary') } as never,
      certificate: this.certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()) as never },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}
