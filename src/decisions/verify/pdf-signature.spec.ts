import { extractSignature } from '@signpdf/utils';
import { readPdfSignature } from './pdf-signature';

/** A minimal signed-PDF shape: two ranges around a /Contents slot holding `der`, zero-padded. */
function pdfWithSlot(der: Buffer, slotBytes = 16): Buffer {
  const contents = `<${der.toString('hex').padEnd(slotBytes * 2, '0')}>`;
  const tail = ' >>\n%%EOF\n';
  const headOf = (first: number, second: number, last: number) =>
    `%PDF-1.7\n<< /ByteRange [0 ${first} ${second} ${last}] /Contents `;
  // The numbers change the head's length; two passes settle them (widths stop changing).
  let head = headOf(0, 0, 0);
  for (let pass = 0; pass < 2; pass++) {
    head = headOf(head.length, head.length + contents.length, tail.length);
  }
  return Buffer.from(head + contents + tail, 'latin1');
}

describe('readPdfSignature', () => {
  // SEQUENCE { INTEGER 0 }: a DER element whose last byte is zero, like a signature ending in 0x00.
  const endsInZero = Buffer.from('3003020100', 'hex');

  it('keeps a CMS whose last byte is zero whole, where extractSignature cuts it short', () => {
    const pdf = pdfWithSlot(endsInZero);
    expect(Buffer.from(extractSignature(pdf).signature, 'binary')).toEqual(Buffer.from('30030201', 'hex'));
    expect(readPdfSignature(pdf).cms).toEqual(endsInZero);
  });

  it('reads a long-form DER length', () => {
    const long = Buffer.concat([Buffer.from('308200c8', 'hex'), Buffer.alloc(200, 7)]);
    expect(readPdfSignature(pdfWithSlot(long, 256)).cms).toEqual(long);
  });

  it('gives the signed ranges around the slot', () => {
    const pdf = pdfWithSlot(endsInZero);
    const { byteRange, signedData } = readPdfSignature(pdf);
    expect(byteRange[0]).toBe(0);
    expect(byteRange[2] + byteRange[3]).toBe(pdf.length);
    expect(signedData.toString('latin1')).not.toContain('<3003');
  });
});
