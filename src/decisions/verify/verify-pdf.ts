import { createHash, verify, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';
import forge from 'node-forge';
import { type PdfSignature, readPdfSignature } from './pdf-signature';
import { invalid, type Verification } from './verification';

interface SignerInfoCapture {
  authenticatedAttributes?: forge.asn1.Asn1[];
  signature: string;
}

type CmsMessage = forge.pkcs7.PkcsSignedData & { rawCapture: SignerInfoCapture };

const derOf = (cert: forge.pki.Certificate) =>
  Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');

/**
 * Checks a PDF's PAdES signature the way pdfsig does, offline: the signed byte ranges cover the whole
 * file, their sha256 is the CMS messageDigest, the CMS signature holds under the signer's certificate,
 * and that certificate is one the JWKS publishes (x5c). Any changed byte fails one of these.
 */
export function verifyPdf(pdf: Buffer, jwks: { keys: JWK[] }): Verification {
  let extracted: PdfSignature;
  try {
    extracted = readPdfSignature(pdf);
  } catch {
    return invalid('pdf', 'The PDF carries no signature this verifier can read.');
  }
  const [start, firstLength, second, secondLength] = extracted.byteRange;
  if (start !== 0 || second + secondLength !== pdf.length || second <= firstLength) {
    return invalid('pdf', 'The signature does not cover the whole file: something was added or changed after signing.');
  }
  let message: CmsMessage;
  try {
    message = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(extracted.cms.toString('binary'))) as CmsMessage;
  } catch {
    return invalid('pdf', 'The signature field does not hold a readable CMS signature.');
  }
  try {
    return checkCms(message, extracted.signedData, jwks);
  } catch {
    // A well-formed CMS whose inner structure is not what a signature needs (crafted or damaged).
    return invalid('pdf', 'The CMS signature is malformed: its signed attributes or certificate cannot be read.');
  }
}

/** Checks the CMS against the signed bytes and the JWKS; throws where its structure is malformed. */
function checkCms(message: CmsMessage, signedData: Buffer, jwks: { keys: JWK[] }): Verification {
  const attributes = message.rawCapture.authenticatedAttributes;
  const certificate = message.certificates[0];
  if (!attributes || !certificate) return invalid('pdf', 'The CMS signature lacks signed attributes or a certificate.');

  const digestAttribute = attributes.find(
    (a) => forge.asn1.derToOid((a.value as forge.asn1.Asn1[])[0].value as string) === forge.pki.oids.messageDigest,
  );
  const signedDigest = digestAttribute
    ? Buffer.from(
        ((digestAttribute.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as string,
        'binary',
      )
    : undefined;
  const actualDigest = createHash('sha256').update(signedData).digest();
  if (!signedDigest || !signedDigest.equals(actualDigest))
    return invalid('pdf', 'Digest mismatch: the document was changed after it was signed.');

  // The signature is over the DER of the signed attributes as a SET.
  const signedAttributes = Buffer.from(
    forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes)).getBytes(),
    'binary',
  );
  const signerCertificate = new X509Certificate(derOf(certificate));
  if (
    !verify(
      'sha256',
      signedAttributes,
      signerCertificate.publicKey,
      Buffer.from(message.rawCapture.signature, 'binary'),
    )
  ) {
    return invalid('pdf', 'The signature does not match its certificate.');
  }
  const thumbprint = createHash('sha256').update(signerCertificate.raw).digest('base64url');
  const details = {
    signer: signerCertificate.subject.replace(/\n/g, ', '),
    certificateThumbprint: thumbprint,
    signedBytes: signedData.length,
  };
  if (!jwks.keys.some((k) => k.x5c?.[0] === signerCertificate.raw.toString('base64'))) {
    return invalid('pdf', 'The signature holds, but its certificate is not one this engine publishes.', details);
  }
  return {
    valid: true,
    kind: 'pdf',
    reason: 'The signature is valid and covers the whole document; the certificate is published in the JWKS.',
    details,
  };
}
