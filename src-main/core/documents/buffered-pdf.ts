import PDFDocument from 'pdfkit';
import { pdfText } from './pdf-text';

/** The standard fonts every PDF of the core prints with (pdf-text.ts says why no font file). */
export const PDF_FONT = 'Helvetica';
export const PDF_FONT_BOLD = 'Helvetica-Bold';
export const PDF_FONT_ITALIC = 'Helvetica-Oblique';
/** Body text, and the grey of subtitles, captions and page numbers. */
export const PDF_INK = '#111111';
export const PDF_GREY = '#555555';

/** How a document is opened: its metadata, orientation and margins (points). */
export interface BufferedPdfOptions {
  title: string;
  author: string;
  landscape?: boolean;
  /** Left and right margin; text blocks start here and span the width between. */
  margin: number;
  /** Top and bottom margins, which keep room for what is stamped on every page. */
  top: number;
  bottom: number;
}

/**
 * What every PDF of the core shares, whatever its layout: an A4 pdfkit document buffered in
 * memory (pages stay open, so captions and "page X / Y" can be stamped once all exist), its
 * metadata in WinAnsi text, the bytes collected as pdfkit writes them, and the few layout
 * primitives the documents print alike (labelled fields, rules, text blocks across the width).
 *
 * One base for the logbook's extracts and shift reports (logbook-pdf.ts) and the captioned
 * compliance documents (captioned-pdf.ts), so the plumbing is written once; each subclass keeps
 * its own sizes, headings and what it stamps on its pages.
 */
export abstract class BufferedPdf {
  readonly doc: PDFKit.PDFDocument;
  protected readonly margin: number;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  protected constructor(options: BufferedPdfOptions) {
    this.margin = options.margin;
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.landscape ? 'landscape' : 'portrait',
      margins: { top: options.top, left: options.margin, right: options.margin, bottom: options.bottom },
      bufferPages: true,
      info: { Title: pdfText(options.title), Author: pdfText(options.author), Creator: 'Vigie' },
      lang: 'fr-FR',
    });
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.fillColor(PDF_INK);
  }

  /** The width between the left and right margins. */
  get width(): number {
    return this.doc.page.width - this.margin * 2;
  }

  /** Where text must stop on this page. */
  protected get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  keep(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** "Label : value" on one line (an empty value prints as "—"). */
  field(label: string, value: string): void {
    this.doc
      .font(PDF_FONT_BOLD)
      .fontSize(10)
      .text(`${pdfText(label)} : `, this.margin, this.doc.y, { continued: true, width: this.width })
      .font(PDF_FONT)
      .text(pdfText(value || '—'));
  }

  /** A thin rule across the width just below the text, then `space` lines of gap. */
  rule(space = 0.5): void {
    const y = this.doc.y + 2;
    this.doc
      .moveTo(this.margin, y)
      .lineTo(this.margin + this.width, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    this.doc.moveDown(space);
  }

  gap(lines = 0.5): void {
    this.doc.moveDown(lines);
  }

  /** Text from the left margin (plus `indent`) to the right one, flowing onto new pages. */
  protected block(text: string, font: string, size: number, indent = 0): void {
    this.doc
      .font(font)
      .fontSize(size)
      .text(pdfText(text), this.margin + indent, this.doc.y, { width: this.width - indent });
  }

  /**
   * Calls `stamp` on every page once all exist, in the small grey type of captions. The top and
   * bottom margins are lifted meanwhile: writing inside them must not make pdfkit open a page.
   */
  protected stampPages(stamp: (page: number, count: number) => void): void {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      this.doc.switchToPage(index);
      const { margins } = this.doc.page;
      const saved = { top: margins.top, bottom: margins.bottom };
      margins.top = 0;
      margins.bottom = 0;
      this.doc.font(PDF_FONT).fontSize(8).fillColor(PDF_GREY);
      stamp(index - start + 1, count);
      margins.top = saved.top;
      margins.bottom = saved.bottom;
    }
  }

  /** One stamped line at `y`: `text` on the left, `page` ("page X / Y") on the right. */
  protected stampLine(text: string, page: string, y: number): void {
    const width = this.width;
    this.doc.text(pdfText(text), this.margin, y, { width: width - 80, lineBreak: false });
    this.doc.text(page, this.margin + width - 80, y, { width: 80, align: 'right', lineBreak: false });
  }

  /** Ends the document and answers its bytes. */
  protected end(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
