import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { PDFDocument } from 'pdf-lib';
import type { CertificateSigner } from './certificate-signer';

/**
 * Signs a finished document with the organisation's certificate: a PAdES signature (CMS detached,
 * SHA-256, sub-filter ETSI.CAdES.detached) over the whole file, that pdfsig and Acrobat can check.
 */
export async function signPdf(
  doc: PDFDocument,
  certificate: CertificateSigner,
  signer: { organisation: string; reason: string; at: Date },
): Promise<Buffer> {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: signer.reason,
    contactInfo: '',
    name: signer.organisation,
    location: '',
    signingTime: signer.at,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Privacy Review Engine',
  });
  // The placeholder's byte range must sit in a plain object, so no object streams.
  const unsigned = Buffer.from(await doc.save({ useObjectStreams: false }));
  return signpdf.sign(unsigned, certificate, signer.at);
}
