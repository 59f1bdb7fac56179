import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
};

pkijs.setEngine(
  'node',
  new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'] }),
);

/**
 * A PAdES baseline (B-B) signer for @signpdf: a detached CMS SignedData over the PDF's byte ranges,
 * SHA-256 with RSA, whose signed attributes are the content type, the message digest and the ESS
 * signing-certificate-v2 (binding the signer's certificate, as CAdES requires). No signing-time
 * attribute: PAdES takes the time from the signature dictionary (/M).
 *
 * The PKCS#12 is opened once, at start (node-forge reads the legacy encryptions OpenSSL still writes);
 * the CMS is built by PKI.js and signed by Node's WebCrypto.
 */
export class CertificateSigner extends Signer {
  /** The signing certificate, as published in the JWKS. */
  readonly x509: X509Certificate;
  private readonly certificate: pkijs.Certificate;
  private readonly key: Promise<webcrypto.CryptoKey>;

  /** `name` says which file, in the message that stops the start when the file cannot be used. */
  constructor(p12: Buffer, password: string, name: string) {
    super();
    let privateKey: forge.pki.rsa.PrivateKey | undefined;
    let certificates: forge.pki.Certificate[];
    try {
      const opened = forge.pkcs12.pkcs12FromAsn1(
        forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))),
        false,
        password,
      );
      privateKey = opened.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
        forge.pki.oids.pkcs8ShroudedKeyBag
      ]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
      certificates = (opened.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap((b) =>
        b.cert ? [b.cert] : [],
      );
    } catch (error) {
      throw new Error(`${name} cannot be read as PKCS#12 with the password given: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!privateKey) throw new Error(`${name} holds no private key`);
    const mine = certificates.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(privateKey.n));
    if (!mine) throw new Error(`${name} holds no certificate for its private key`);
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(mine)).getBytes(), 'binary');
    this.x509 = new X509Certificate(der);
    this.certificate = pkijs.Certificate.fromBER(der);
    const pkcs8 = Buffer.from(
      forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(privateKey))).getBytes(),
      'binary',
    );
    this.key = webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
      'sign',
    ]);
  }

  override async sign(content: Buffer): Promise<Buffer> {
    const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });
    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({
        issuer: this.certificate.issuer,
        serialNumber: this.certificate.serialNumber,
      }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({
        type: 0,
        attributes: [
          attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
          attribute(
            OID.messageDigest,
            new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() }),
          ),
          // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with SHA-256 (the default, so omitted).
          attribute(
            OID.signingCertificateV2,
            new asn1js.Sequence({
              value: [
                new asn1js.Sequence({
                  value: [
                    new asn1js.Sequence({
                      value: [
                        new asn1js.OctetString({ valueHex: createHash('sha256').update(this.x509.raw).digest() }),
                      ],
                    }),
                  ],
                }),
              ],
            }),
          ),
        ],
      }),
    });
    const signed = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }), // detached: no content inside
      signerInfos: [signerInfo],
      certificates: [this.certificate],
    });
    await signed.sign((await this.key) as never, 0, 'SHA-256');
    const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
    return Buffer.from(info.toSchema().toBER(false));
  }
}
