import { PDFDocument, PDFPage } from 'pdf-lib';
import { PdfWriter } from './pdf-writer';

/** Which page each string was drawn on, in order. */
async function drawn(write: (w: PdfWriter) => void): Promise<{ text: string; page: number }[]> {
  const doc = await PDFDocument.create();
  const writer = await PdfWriter.create(doc, 'footer');
  const spy = jest.spyOn(PDFPage.prototype, 'drawText');
  try {
    write(writer);
    return spy.mock.calls.map(([text], i) => ({
      text,
      page: doc.getPages().indexOf(spy.mock.contexts[i] as PDFPage),
    }));
  } finally {
    spy.mockRestore();
  }
}

const pageOf = (texts: { text: string; page: number }[], text: string) => texts.find((t) => t.text === text)!.page;

describe('PdfWriter', () => {
  // Filler lines move the heading down the page a line at a time, through every position near its foot.
  const fillers = Array.from({ length: 60 }, (_, i) => i + 30);

  it.each(fillers)('keeps a heading with the first row of its table after %i lines', async (n) => {
    const texts = await drawn((w) => {
      for (let i = 0; i < n; i++) w.paragraph(`filler ${i}`);
      w.heading('Measures');
      w.table(['Measure', 'Owner'], [['Encrypt backups', 'IT']], [0.7, 0.3]);
    });
    expect(pageOf(texts, 'Measures')).toBe(pageOf(texts, 'Encrypt backups'));
  });

  it.each(fillers)('keeps a heading and its introduction with the table they introduce after %i lines', async (n) => {
    const texts = await drawn((w) => {
      for (let i = 0; i < n; i++) w.paragraph(`filler ${i}`);
      w.heading('Risks');
      w.paragraph('Scored with the city model.', { keepWithNext: true });
      w.table(['#', 'Risk'], [['1', 'Disappearance of personal data']], [0.1, 0.9]);
    });
    expect(pageOf(texts, 'Risks')).toBe(pageOf(texts, 'Disappearance of personal data'));
    expect(pageOf(texts, 'Scored with the city model.')).toBe(pageOf(texts, 'Risks'));
  });

  it.each(fillers)('keeps a heading with the first two lines of its paragraph after %i lines', async (n) => {
    const texts = await drawn((w) => {
      for (let i = 0; i < n; i++) w.paragraph(`filler ${i}`);
      w.heading('Legal review');
      w.paragraph('first line\nsecond line\nthird line');
    });
    expect(pageOf(texts, 'Legal review')).toBe(pageOf(texts, 'second line'));
  });

  it('keeps a box on one page', async () => {
    for (const n of fillers) {
      const texts = await drawn((w) => {
        for (let i = 0; i < n; i++) w.paragraph(`filler ${i}`);
        w.box([{ text: 'Approved: I have reviewed this assessment.' }, { text: 'Signed by A, Approver.' }]);
      });
      expect(pageOf(texts, 'Approved: I have reviewed this assessment.')).toBe(pageOf(texts, 'Signed by A, Approver.'));
    }
  });
});
