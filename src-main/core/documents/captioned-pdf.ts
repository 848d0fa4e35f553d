import { BufferedPdf, PDF_FONT, PDF_FONT_BOLD, PDF_GREY, PDF_INK } from './buffered-pdf';
import { pdfText } from './pdf-text';

const MARGIN = 40;
const CAPTION_GAP = 26;

/** The caption burnt into every page of a compliance document: who produced it, when, where. */
export interface PdfCaption {
  /** Top line, left: the document and the site. */
  header: string;
  /** Bottom line, left: "Exporté le … par … — poste …", and the chain head. */
  footer: string;
}

/** One table column: its header, its share of the width, and how to print a row's cell. */
export interface PdfColumn<Row> {
  header: string;
  width: number;
  cell(row: Row): string;
}

/**
 * A small pdfkit layout for the audit exports and the extraction register: a caption at the top
 * and bottom of EVERY page (document, site, export time, operator, chain head, page X / Y),
 * stamped once all pages exist, so no page of an extract handed to an officer can be passed off
 * without saying where it came from. Text goes through `pdfText` (standard fonts, WinAnsi), which is
 * why nothing here needs a font file; the document itself is a `BufferedPdf` (buffered-pdf.ts).
 */
export class CaptionedPdf extends BufferedPdf {
  constructor(
    private readonly caption: PdfCaption,
    options: { title: string; author: string; landscape?: boolean },
  ) {
    super({ ...options, margin: MARGIN, top: MARGIN + CAPTION_GAP, bottom: MARGIN + CAPTION_GAP });
  }

  title(text: string, subtitle?: string): void {
    this.block(text, PDF_FONT_BOLD, 16);
    if (subtitle) {
      this.doc.font(PDF_FONT).fontSize(10).fillColor(PDF_GREY).text(pdfText(subtitle), { width: this.width });
      this.doc.fillColor(PDF_INK);
    }
    this.doc.moveDown(0.6);
  }

  heading(text: string): void {
    this.keep(50);
    this.doc.moveDown(0.5);
    this.block(text, PDF_FONT_BOLD, 12);
    this.rule(0.4);
  }

  override field(label: string, value: string): void {
    this.keep(14);
    super.field(label, value);
  }

  paragraph(text: string, size = 10): void {
    this.block(text, PDF_FONT, size);
  }

  /** A table that flows over pages, repeating its header row on each. */
  table<Row>(columns: readonly PdfColumn<Row>[], rows: readonly Row[], size = 8): void {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * this.width);
    const pad = 2;
    const drawRow = (cells: readonly string[], bold: boolean): void => {
      this.doc.font(bold ? PDF_FONT_BOLD : PDF_FONT).fontSize(size);
      const heights = cells.map((cell, i) =>
        this.doc.heightOfString(pdfText(cell), { width: (widths[i] ?? 10) - pad * 2 }),
      );
      const height = Math.max(...heights, size) + pad * 2;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!bold) drawRow(header, true);
        this.doc.font(bold ? PDF_FONT_BOLD : PDF_FONT).fontSize(size);
      }
      const top = this.doc.y;
      let x = MARGIN;
      cells.forEach((cell, i) => {
        const width = widths[i] ?? 10;
        this.doc.text(pdfText(cell), x + pad, top + pad, { width: width - pad * 2, lineBreak: true });
        x += width;
      });
      this.doc
        .moveTo(MARGIN, top + height)
        .lineTo(MARGIN + this.width, top + height)
        .lineWidth(bold ? 0.8 : 0.3)
        .strokeColor(bold ? '#444444' : '#bbbbbb')
        .stroke();
      this.doc.x = MARGIN;
      this.doc.y = top + height;
    };
    const header = columns.map((column) => column.header);
    drawRow(header, true);
    for (const row of rows)
      drawRow(
        columns.map((column) => column.cell(row)),
        false,
      );
    this.doc.moveDown(0.5);
  }

  /** Stamps the caption and page numbers on every page, then returns the file's bytes. */
  finish(): Promise<Buffer> {
    this.stampPages((page, count) => {
      const label = `page ${page} / ${count}`;
      this.stampLine(this.caption.header, label, MARGIN - 4);
      this.stampLine(this.caption.footer, label, this.doc.page.height - MARGIN - 6);
    });
    this.doc.fillColor(PDF_INK);
    return this.end();
  }
}
