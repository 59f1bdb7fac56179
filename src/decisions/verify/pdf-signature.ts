import { extractSignature } from '@signpdf/utils';

export interface PdfSignature {
  /** [start, length, start, length] of the two signed ranges around the /Contents slot. */
  byteRange: number[];
  /** The CMS, exactly as signed: the DER element at the start of the zero-padded slot. */
  cms: Buffer;
  signedData: Buffer;
}

/**
 * A PDF signature's byte ranges and CMS. @signpdf/utils' extractSignature trims every trailing zero byte
 * of the slot, and a CMS whose signature happens to end in a zero byte (about one document in 256) was cut
 * short with it; here the CMS is cut at the length its own DER header gives. Throws where there is no
 * signature to read.
 */
export function readPdfSignature(pdf: Buffer): PdfSignature {
  const { ByteRange: byteRange, signedData } = extractSignature(pdf);
  const [start, firstLength, second] = byteRange;
  // The slot is `<hex>`: between the first range's end and the second range's start.
  const slot = Buffer.from(pdf.subarray(start + firstLength + 1, second - 1).toString('latin1'), 'hex');
  return { byteRange, cms: slot.subarray(0, derLength(slot)), signedData };
}

/** The whole length (tag, length, contents) of the DER element at the start of `der`. */
function derLength(der: Buffer): number {
  if (der.length < 2) throw new Error('the signature slot is empty');
  if (der[1] < 0x80) return 2 + der[1];
  const lengthBytes = der[1] & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 4 || der.length < 2 + lengthBytes) {
    throw new Error('the signature has no definite DER length');
  }
  return 2 + lengthBytes + der.readUIntBE(2, lengthBytes);
}
