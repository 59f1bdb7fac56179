import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, type PDFFont, type PDFPage, rgb, type RGB } from 'pdf-lib';

// DejaVu covers Latin, Greek, Cyrillic and Vietnamese: names like "Nguyễn Thị Łucja" render.
const FONT_DIR = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
let fontBytes: Record<keyof typeof FONT_FILES, Buffer> | undefined;

// pdf-lib asks fontkit to parse the font file for every document, then runs full OpenType shaping
// (GSUB and GPOS) for every string it measures or draws, though it uses only the glyphs. Parsing each
// file once per process, and mapping characters to glyphs without shaping, is most of the speed of a
// document. What shaping would add is ligatures and mark positioning: text is NFC-normalised before
// drawing, so accented letters (Vietnamese, Polish...) arrive precomposed and need neither.
const parsed = new Map<Uint8Array, { layout: unknown; glyphsForString(text: string): unknown[] }>();
const sharedFontkit = {
  create: (data: Uint8Array, postscriptName?: string) => {
    let font = parsed.get(data);
    if (!font) {
      font = fontkit.create(data, postscriptName) as unknown as {
        layout: unknown;
        glyphsForString(text: string): unknown[];
      };
      const unshaped = font;
      unshaped.layout = (text: string) => ({ glyphs: unshaped.glyphsForString(text) });
      parsed.set(data, font);
    }
    return font;
  },
} as unknown as typeof fontkit;

/** Word widths by font, size and word; bounded, since the words come from people's text. */
const widths = new Map<string, number>();
const MAX_WIDTHS = 50_000;

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const BLACK = rgb(0.07, 0.07, 0.07);
const GREY = rgb(0.4, 0.4, 0.4);

export interface TextStyle {
  size?: number;
  font?: 'regular' | 'bold';
  color?: RGB;
  indent?: number;
  /** Kept on the page of what follows it (a table's introduction), like a heading. */
  keepWithNext?: boolean;
}

/**
 * A plain top-to-bottom writer on A4 pages: wrapped paragraphs, headings, tables that break across
 * pages. Fonts are embedded as subsets, so documents stay small.
 */
export class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  /** Headings (and text kept with them) not drawn yet: they go on the page where what follows starts. */
  private kept: { height: number; draw: () => void }[] = [];
  private readonly fonts: Record<keyof typeof FONT_FILES, PDFFont>;
  readonly width = A4.width - 2 * MARGIN;

  private constructor(
    readonly doc: PDFDocument,
    fonts: Record<keyof typeof FONT_FILES, PDFFont>,
    private readonly footer: string,
  ) {
    this.fonts = fonts;
    this.newPage();
  }

  static async create(doc: PDFDocument, footer: string): Promise<PdfWriter> {
    fontBytes ??= {
      regular: readFileSync(join(FONT_DIR, FONT_FILES.regular)),
      bold: readFileSync(join(FONT_DIR, FONT_FILES.bold)),
    };
    doc.registerFontkit(sharedFontkit);
    const [regular, bold] = await Promise.all([
      doc.embedFont(fontBytes.regular, { subset: true }),
      doc.embedFont(fontBytes.bold, { subset: true }),
    ]);
    return new PdfWriter(doc, { regular, bold }, footer);
  }

  /** A heading is kept with what follows it: it is drawn by the next thing written, on that thing's page. */
  heading(text: string, level: 1 | 2 | 3 = 2): void {
    const size = { 1: 18, 2: 13, 3: 11 }[level];
    const lines = this.wrap(text, this.fonts.bold, size, this.width).length;
    const height = (level === 1 ? 0 : 10) + lines * size * 1.4 + 3 + (level === 2 ? 4 : 0);
    this.kept.push({ height, draw: () => this.drawHeading(text, level, size) });
  }

  paragraph(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.fonts[style.font ?? 'regular'];
    const indent = style.indent ?? 0;
    const lines = this.wrap(text, font, size, this.width - indent);
    const draw = () => {
      for (const line of lines) {
        this.ensure(size * 1.4);
        this.page.drawText(line, { x: MARGIN + indent, y: this.y - size, size, font, color: style.color ?? BLACK });
        this.y -= size * 1.4;
      }
      this.space(3);
    };
    if (style.keepWithNext) return void this.kept.push({ height: lines.length * size * 1.4 + 3, draw });
    // A heading takes at least the first two lines of its paragraph along.
    this.ensure(size * 1.4 * Math.min(lines.length, 2));
    draw();
  }

  /** Label and value pairs, the label in bold in a fixed column. */
  facts(rows: [string, string][], labelWidth = 140): void {
    for (const [label, value] of rows) {
      const valueLines = this.wrap(value, this.fonts.regular, 10, this.width - labelWidth);
      const labelLines = this.wrap(label, this.fonts.bold, 10, labelWidth - 8);
      this.ensure(14 * Math.min(valueLines.length, 3));
      const top = this.y;
      labelLines.forEach((line, i) =>
        this.page.drawText(line, { x: MARGIN, y: top - 10 - i * 14, size: 10, font: this.fonts.bold, color: BLACK }),
      );
      this.y = top;
      for (const line of valueLines) {
        this.ensure(14);
        this.page.drawText(line, {
          x: MARGIN + labelWidth,
          y: this.y - 10,
          size: 10,
          font: this.fonts.regular,
          color: BLACK,
        });
        this.y -= 14;
      }
      this.y = Math.min(this.y, top - labelLines.length * 14);
    }
    this.space(4);
  }

  /** A bordered table; `widths` are fractions of the text width. A header repeats on each new page. */
  table(headers: string[], rows: string[][], widths: number[]): void {
    const columns = widths.map((w) => w * this.width);
    const size = 8.5;
    const layout = (cells: string[], font: PDFFont) => {
      const lines = cells.map((cell, i) => this.wrap(cell, font, size, columns[i] - 6));
      return { lines, height: Math.max(...lines.map((l) => l.length)) * size * 1.35 + 6 };
    };
    const drawRow = (cells: string[], font: PDFFont, fill?: RGB) => {
      const { lines, height } = layout(cells, font);
      if (this.y - height < MARGIN + 20) {
        this.newPage();
        if (font !== this.fonts.bold) drawRow(headers, this.fonts.bold, rgb(0.93, 0.93, 0.93));
      }
      let x = MARGIN;
      lines.forEach((cellLines, i) => {
        this.page.drawRectangle({
          x,
          y: this.y - height,
          width: columns[i],
          height,
          borderColor: GREY,
          borderWidth: 0.5,
          color: fill,
        });
        cellLines.forEach((line, j) =>
          this.page.drawText(line, { x: x + 3, y: this.y - 3 - size - j * size * 1.35, size, font, color: BLACK }),
        );
        x += columns[i];
      });
      this.y -= height;
    };
    // The header never ends a page alone: it starts where its first row fits too.
    this.ensure(
      layout(headers, this.fonts.bold).height + (rows[0] ? layout(rows[0], this.fonts.regular).height : 0) + 20,
    );
    drawRow(headers, this.fonts.bold, rgb(0.93, 0.93, 0.93));
    for (const row of rows) drawRow(row, this.fonts.regular);
    this.space(8);
  }

  /** Reserves a block of `height` points on one page and hands its top-left corner to `draw`. */
  block(
    height: number,
    draw: (page: PDFPage, x: number, top: number, fonts: Record<keyof typeof FONT_FILES, PDFFont>) => void,
  ): void {
    this.ensure(height);
    draw(this.page, MARGIN, this.y, this.fonts);
    this.y -= height;
  }

  space(points: number): void {
    this.y -= points;
  }

  /**
   * Lines of text in a bordered box kept on one page (a signature block): the box starts on a new page
   * when it does not fit.
   */
  box(lines: { text: string; style?: TextStyle }[]): void {
    const pad = 8;
    const measured = lines.map(({ text, style = {} }) => {
      const size = style.size ?? 10;
      return { style, size, wrapped: this.wrap(text, this.fonts[style.font ?? 'regular'], size, this.width - 2 * pad) };
    });
    const height = measured.reduce((sum, l) => sum + l.wrapped.length * l.size * 1.4 + 3, 0) + 2 * pad;
    this.ensure(height + 4);
    this.page.drawRectangle({
      x: MARGIN,
      y: this.y - height,
      width: this.width,
      height,
      borderColor: BLACK,
      borderWidth: 1.2,
    });
    this.y -= pad;
    for (const { style, size, wrapped } of measured) {
      for (const line of wrapped) {
        this.page.drawText(line, {
          x: MARGIN + pad,
          y: this.y - size,
          size,
          font: this.fonts[style.font ?? 'regular'],
          color: style.color ?? BLACK,
        });
        this.y -= size * 1.4;
      }
      this.y -= 3;
    }
    this.y -= pad + 4;
  }

  /** Page numbers go in once every page exists. */
  finish(): void {
    if (this.kept.length > 0) this.ensure(0);
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const text = `${this.footer} · page ${i + 1} of ${pages.length}`;
      page.drawText(text, { x: MARGIN, y: MARGIN / 2, size: 7.5, font: this.fonts.regular, color: GREY });
    });
  }

  /** Room for `height` points on this page, else a new page; headings waiting for their section come first. */
  private ensure(height: number): void {
    const kept = this.kept;
    this.kept = [];
    const needed = kept.reduce((sum, k) => sum + k.height, 0) + height;
    if (this.y - needed < MARGIN + 10) this.newPage();
    for (const k of kept) k.draw();
  }

  private drawHeading(text: string, level: 1 | 2 | 3, size: number): void {
    if (level !== 1 && this.y < A4.height - MARGIN) this.space(10);
    for (const line of this.wrap(text, this.fonts.bold, size, this.width)) {
      this.page.drawText(line, { x: MARGIN, y: this.y - size, size, font: this.fonts.bold, color: BLACK });
      this.y -= size * 1.4;
    }
    this.space(3);
    if (level === 2) {
      this.page.drawLine({
        start: { x: MARGIN, y: this.y + 2 },
        end: { x: MARGIN + this.width, y: this.y + 2 },
        thickness: 0.5,
        color: GREY,
      });
      this.space(4);
    }
  }

  private newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  /**
   * Word-wraps each line of `text`; a word wider than the line is broken by characters. Lines are
   * summed from word widths, each measured once per process.
   */
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const measure = (s: string) => {
      const key = `${font.name}|${size}|${s}`;
      let w = widths.get(key);
      if (w === undefined) {
        if (widths.size >= MAX_WIDTHS) widths.clear();
        widths.set(key, (w = font.widthOfTextAtSize(s, size)));
      }
      return w;
    };
    const space = measure(' ');
    const out: string[] = [];
    for (const paragraph of (text || ' ').normalize('NFC').replace(/\t/g, ' ').split(/\r?\n/)) {
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(' ')) {
        const candidate = line ? lineWidth + space + measure(word) : measure(word);
        if (candidate <= width) {
          line = line ? `${line} ${word}` : word;
          lineWidth = candidate;
          continue;
        }
        if (line) out.push(line);
        line = word;
        while (measure(line) > width) {
          let cut = line.length - 1;
          while (cut > 1 && measure(line.slice(0, cut)) > width) cut--;
          out.push(line.slice(0, cut));
          line = line.slice(cut);
        }
        lineWidth = measure(line);
      }
      out.push(line);
    }
    return out;
  }
}
