import PDFDocument from 'pdfkit';
import { pdfText } from './pdf-text';

const MARGIN = 40;
const CAPTION_GAP = 26;
const FONT = 'Helvetica';
const FONT_BOLD = 'Helvetica-Bold';
const INK = '#111111';
const GREY = '#555555';

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
 * without saying where it came from. Text goes through the logbook's `pdfText` (standard fonts,
 * WinAnsi), which is why nothing here needs a font file.
 */
export class CaptionedPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(
    private readonly caption: PdfCaption,
    options: { title: string; author: string; landscape?: boolean },
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.landscape ? 'landscape' : 'portrait',
      margins: { top: MARGIN + CAPTION_GAP, left: MARGIN, right: MARGIN, bottom: MARGIN + CAPTION_GAP },
      bufferPages: true,
      info: { Title: pdfText(options.title), Author: pdfText(options.author), Creator: 'Vigie' },
      lang: 'fr-FR',
    });
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.fillColor(INK);
  }

  get width(): number {
    return this.doc.page.width - MARGIN * 2;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  keep(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string, subtitle?: string): void {
    this.doc.font(FONT_BOLD).fontSize(16).text(pdfText(text), MARGIN, this.doc.y, { width: this.width });
    if (subtitle) {
      this.doc.font(FONT).fontSize(10).fillColor(GREY).text(pdfText(subtitle), { width: this.width });
      this.doc.fillColor(INK);
    }
    this.doc.moveDown(0.6);
  }

  heading(text: string): void {
    this.keep(50);
    this.doc.moveDown(0.5);
    this.doc.font(FONT_BOLD).fontSize(12).text(pdfText(text), MARGIN, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + this.width, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    this.doc.moveDown(0.4);
  }

  field(label: string, value: string): void {
    this.keep(14);
    this.doc
      .font(FONT_BOLD)
      .fontSize(10)
      .text(`${pdfText(label)} : `, MARGIN, this.doc.y, { continued: true, width: this.width })
      .font(FONT)
      .text(pdfText(value || '—'));
  }

  paragraph(text: string, size = 10): void {
    this.doc.font(FONT).fontSize(size).text(pdfText(text), MARGIN, this.doc.y, { width: this.width });
  }

  gap(lines = 0.5): void {
    this.doc.moveDown(lines);
  }

  /** A table that flows over pages, repeating its header row on each. */
  table<Row>(columns: readonly PdfColumn<Row>[], rows: readonly Row[], size = 8): void {
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * this.width);
    const pad = 2;
    const drawRow = (cells: readonly string[], bold: boolean): void => {
      this.doc.font(bold ? FONT_BOLD : FONT).fontSize(size);
      const heights = cells.map((cell, i) =>
        this.doc.heightOfString(pdfText(cell), { width: (widths[i] ?? 10) - pad * 2 }),
      );
      const height = Math.max(...heights, size) + pad * 2;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!bold) drawRow(header, true);
        this.doc.font(bold ? FONT_BOLD : FONT).fontSize(size);
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
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      this.doc.switchToPage(i);
      const { margins } = this.doc.page;
      const saved = { top: margins.top, bottom: margins.bottom };
      // Writing inside the margins must not make pdfkit start a new page.
      margins.top = 0;
      margins.bottom = 0;
      const width = this.width;
      const page = `page ${i - range.start + 1} / ${range.count}`;
      this.doc.font(FONT).fontSize(8).fillColor(GREY);
      this.doc.text(pdfText(this.caption.header), MARGIN, MARGIN - 4, {
        width: width - 80,
        lineBreak: false,
      });
      this.doc.text(page, MARGIN + width - 80, MARGIN - 4, { width: 80, align: 'right', lineBreak: false });
      const footerY = this.doc.page.height - MARGIN - 6;
      this.doc.text(pdfText(this.caption.footer), MARGIN, footerY, { width: width - 80, lineBreak: false });
      this.doc.text(page, MARGIN + width - 80, footerY, { width: 80, align: 'right', lineBreak: false });
      margins.top = saved.top;
      margins.bottom = saved.bottom;
    }
    this.doc.fillColor(INK);
    this.doc.end();
    return this.done;
  }
}
