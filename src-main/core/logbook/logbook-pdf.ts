import type {
  Amendment,
  Author,
  ChainHeadInfo,
  Consigne,
  EntryFilter,
  EntryView,
  FollowUp,
  ShiftReport,
} from '../../../src-shared/contract';
import {
  BufferedPdf,
  PDF_FONT,
  PDF_FONT_BOLD,
  PDF_FONT_ITALIC,
  PDF_GREY,
  PDF_INK,
} from '../documents/buffered-pdf';
import { pdfInstant, pdfText } from '../documents/pdf-text';

/** An entry as a PDF lists it: as it reads now, with how it came to be. */
export interface PdfEntry {
  entry: EntryView;
  amendments: readonly Amendment[];
  followUps: readonly FollowUp[];
}

/** Everything a requisition extract shows besides its entries. */
export interface RequisitionInput {
  siteName: string;
  workstation: string;
  exportedAt: Date;
  exportedBy: Author;
  requester: string;
  reason: string;
  filter: EntryFilter;
  /** Local midnight of the export day, for a "MC du jour" selection's period. */
  todayFrom: Date;
  entries: readonly PdfEntry[];
  chainHead: ChainHeadInfo | null;
}

/** Who asked for a shift report and when, printed on it. */
export interface ShiftReportPrint {
  generatedAt: Date;
  generatedBy: Author;
}

const MARGIN = 50;
const FOOTER_GAP = 30;

function who(author: Author): string {
  return `${author.name} (matricule ${author.badge})`;
}

/** The chain head as two fields: its number, then its hash on a line of its own (64 digits). */
function chainFields(layout: PdfLayout, label: string, head: ChainHeadInfo | null): void {
  layout.field(label, head ? `n° ${head.seq}` : 'registre vide');
  if (head) layout.field('SHA-256 de la tête', head.hash);
}

/** The selection a requisition extract covers, in words. */
export function describeFilter(filter: EntryFilter): string[] {
  const lines: string[] = [];
  if (filter.preset === 'today') lines.push('Main courante du jour');
  if (filter.preset === 'open') lines.push('Suivis en cours');
  if (filter.categories?.length) lines.push(`Catégories : ${filter.categories.join(', ')}`);
  if (filter.commune) lines.push(`Commune : ${filter.commune}`);
  if (filter.camera !== undefined) lines.push(`Caméra n° ${filter.camera}`);
  if (filter.operatorBadge) lines.push(`Opérateur : matricule ${filter.operatorBadge}`);
  if (filter.statuses?.length) lines.push(`Statuts : ${filter.statuses.join(', ')}`);
  if (filter.text) lines.push(`Recherche : « ${filter.text} »`);
  return lines.length ? lines : ['Toutes les entrées'];
}

/** The period a requisition extract covers, from its filter (or the entries' own span). */
export function describePeriod(filter: EntryFilter, todayFrom: Date, entries: readonly PdfEntry[]): string {
  const from = filter.from ?? (filter.preset === 'today' ? todayFrom.toISOString() : undefined);
  if (from && filter.to) return `du ${pdfInstant(from)} au ${pdfInstant(filter.to)}`;
  if (from) return `depuis le ${pdfInstant(from)}`;
  if (filter.to) return `jusqu'au ${pdfInstant(filter.to)}`;
  const observed = entries.map((item) => item.entry.observedAt).sort();
  const first = observed[0];
  const last = observed.at(-1);
  if (!first || !last) return 'toutes dates (aucune entrée)';
  return `toutes dates (entrées observées du ${pdfInstant(first)} au ${pdfInstant(last)})`;
}

/**
 * A small layout helper over pdfkit (a `BufferedPdf`, documents/buffered-pdf.ts): labelled
 * fields, headings, paragraphs that flow onto new pages, and a footer with "page X / Y" stamped
 * on every page once the count is known.
 */
class PdfLayout extends BufferedPdf {
  constructor(title: string, author: string) {
    super({ title, author, margin: MARGIN, top: MARGIN, bottom: MARGIN + FOOTER_GAP });
  }

  title(text: string, subtitle: string): void {
    this.block(text, PDF_FONT_BOLD, 18);
    this.doc.font(PDF_FONT).fontSize(12).fillColor(PDF_GREY).text(pdfText(subtitle), { width: this.width });
    this.doc.fillColor(PDF_INK).moveDown(0.8);
  }

  heading(text: string): void {
    this.keep(60);
    this.doc.moveDown(0.6);
    this.block(text, PDF_FONT_BOLD, 13);
    this.rule();
  }

  paragraph(text: string, options: { italic?: boolean; indent?: number; size?: number } = {}): void {
    this.block(text, options.italic ? PDF_FONT_ITALIC : PDF_FONT, options.size ?? 10, options.indent ?? 0);
  }

  strong(text: string, size = 11): void {
    this.block(text, PDF_FONT_BOLD, size);
  }

  /** Stamps every page's footer and returns the file's bytes. */
  finish(footer: string): Promise<Buffer> {
    this.stampPages((page, count) => {
      this.stampLine(footer, `page ${page} / ${count}`, this.doc.page.height - MARGIN - 12);
    });
    return this.end();
  }
}

function entryBlock(layout: PdfLayout, { entry, amendments, followUps }: PdfEntry): void {
  layout.keep(90);
  layout.strong(`N° ${entry.id} — ${pdfInstant(entry.observedAt)} — ${entry.category} — ${entry.status}`, 11);
  const where = [entry.commune, entry.street, entry.place].filter(Boolean).join(', ');
  layout.field('Lieu', where);
  layout.field('Caméras', entry.cameras.map((camera) => `n° ${camera}`).join(', '));
  layout.field(
    'Écrit',
    `le ${pdfInstant(entry.writtenAt)} par ${who(entry.author)}, poste ${entry.workstation}${entry.source === 'import' ? ' (import)' : ''}`,
  );
  layout.gap(0.2);
  layout.paragraph(entry.description);
  layout.gap(0.2);
  layout.field('Actions', entry.actions.join(', '));
  for (const amendment of amendments) {
    layout.paragraph(
      `Rectification du ${pdfInstant(amendment.writtenAt)} par ${who(amendment.author)} : ${amendment.reason} (champs : ${Object.keys(amendment.changes).join(', ')})`,
      { italic: true, indent: 12, size: 9 },
    );
  }
  for (const followUp of followUps) {
    layout.paragraph(
      `Suivi du ${pdfInstant(followUp.writtenAt)} par ${who(followUp.author)} [${followUp.status}] : ${followUp.note}${followUp.actions.length ? ` — actions : ${followUp.actions.join(', ')}` : ''}`,
      { italic: true, indent: 12, size: 9 },
    );
  }
  layout.gap(0.3);
  layout.rule();
}

/**
 * The PDF handed to the police or a court for a requisition: who the CSU is, the period and the
 * selection, who asked and why, who extracted it and when, the chain head it was taken at, then
 * every entry as it reads now with its rectifications and follow-ups. Every page says "page X /
 * Y" and repeats the chain head, so a page cannot be slipped out unnoticed.
 */
export function renderRequisitionPdf(input: RequisitionInput): Promise<Buffer> {
  const site = input.siteName || 'CSU';
  const layout = new PdfLayout('Extraction de la main courante', site);
  layout.title('Extraction de la main courante', site);
  layout.field('CSU', site);
  layout.field('Poste', input.workstation);
  layout.field('Période', describePeriod(input.filter, input.todayFrom, input.entries));
  layout.field('Sélection', describeFilter(input.filter).join(' ; '));
  layout.field('Demandeur', input.requester || 'non précisé');
  layout.field('Motif / réquisition', input.reason);
  layout.field('Extraction', `le ${pdfInstant(input.exportedAt)} par ${who(input.exportedBy)}`);
  chainFields(layout, "Tête de chaîne à l'extraction", input.chainHead);
  layout.field("Nombre d'entrées", String(input.entries.length));
  layout.heading('Entrées');
  if (input.entries.length === 0) layout.paragraph('Aucune entrée ne correspond à la sélection.');
  for (const item of input.entries) entryBlock(layout, item);
  const footer = `${site} — main courante extraite le ${pdfInstant(input.exportedAt)} — tête de chaîne n° ${input.chainHead?.seq ?? 0}`;
  return layout.finish(footer);
}

function consigneLine(consigne: Consigne): string {
  return `${consigne.text}${consigne.expiresAt ? ` (jusqu'au ${pdfInstant(consigne.expiresAt)})` : ''}`;
}

/**
 * The shift report as a PDF: the shift, its entries with their follow-ups and rectifications,
 * the handover note, consignes and open incidents, the acknowledgement, and the chain head at
 * close, which lets anyone check later that the register was not rewritten since.
 */
export function renderShiftReportPdf(report: ShiftReport, print: ShiftReportPrint): Promise<Buffer> {
  const site = report.siteName || 'CSU';
  const { shift, handover } = report;
  const layout = new PdfLayout(`Rapport de vacation n° ${shift.id}`, site);
  layout.title(`Rapport de vacation n° ${shift.id}`, site);
  layout.field('CSU', site);
  layout.field('Poste', shift.workstation);
  layout.field('Opérateur', who(shift.operator));
  layout.field('Ouverte le', pdfInstant(shift.openedAt));
  layout.field('Close le', shift.closedAt ? pdfInstant(shift.closedAt) : 'vacation en cours');
  chainFields(
    layout,
    shift.closedAt ? 'Tête de chaîne à la clôture' : 'Tête de chaîne actuelle',
    report.chainHead,
  );
  layout.field('Imprimé', `le ${pdfInstant(print.generatedAt)} par ${who(print.generatedBy)}`);

  layout.heading(`Entrées de la vacation (${report.entries.length})`);
  if (report.entries.length === 0) layout.paragraph('Aucune entrée.');
  const byEntry = (list: readonly { entryId: number }[], id: number) => list.filter((x) => x.entryId === id);
  for (const entry of report.entries) {
    entryBlock(layout, {
      entry,
      amendments: byEntry(report.amendments, entry.id) as Amendment[],
      followUps: byEntry(report.followUps, entry.id) as FollowUp[],
    });
  }
  const own = new Set(report.entries.map((entry) => entry.id));
  const otherFollowUps = report.followUps.filter((followUp) => !own.has(followUp.entryId));
  const otherAmendments = report.amendments.filter((amendment) => !own.has(amendment.entryId));
  if (otherFollowUps.length || otherAmendments.length) {
    layout.heading('Suivis et rectifications sur des entrées antérieures');
    for (const followUp of otherFollowUps) {
      layout.paragraph(
        `Entrée n° ${followUp.entryId} — suivi du ${pdfInstant(followUp.writtenAt)} par ${who(followUp.author)} [${followUp.status}] : ${followUp.note}`,
      );
    }
    for (const amendment of otherAmendments) {
      layout.paragraph(
        `Entrée n° ${amendment.entryId} — rectification du ${pdfInstant(amendment.writtenAt)} par ${who(amendment.author)} : ${amendment.reason}`,
      );
    }
  }

  layout.heading('Passation');
  if (handover) {
    layout.field('Écrite le', `${pdfInstant(handover.writtenAt)} par ${who(handover.operator)}`);
    layout.gap(0.2);
    layout.paragraph(handover.note || '(pas de note)');
  } else {
    layout.paragraph('Vacation non encore passée.');
  }
  layout.heading(`Consignes (${report.consignes.length})`);
  if (report.consignes.length === 0) layout.paragraph('Aucune consigne.');
  for (const consigne of report.consignes) layout.paragraph(`• ${consigneLine(consigne)}`);
  layout.heading(`Incidents en cours (${report.openIncidents.length})`);
  if (report.openIncidents.length === 0) layout.paragraph('Aucun incident en cours.');
  for (const entry of report.openIncidents) {
    layout.paragraph(
      `• N° ${entry.id} — ${pdfInstant(entry.observedAt)} — ${entry.category} — ${[entry.commune, entry.place].filter(Boolean).join(', ')} : ${entry.description}`,
    );
  }
  if (handover) {
    layout.heading('Acquittement');
    const ack = handover.acknowledgement;
    if (ack) {
      layout.paragraph(`Relève acquittée le ${pdfInstant(ack.at)} par ${who(ack.operator)}.`);
      if (ack.remark) layout.paragraph(`Remarque : ${ack.remark}`, { italic: true });
    } else {
      layout.paragraph("En attente de l'acquittement de l'opérateur entrant.");
    }
  }
  const footer = `${site} — rapport de vacation n° ${shift.id} — tête de chaîne n° ${report.chainHead?.seq ?? 0}`;
  return layout.finish(footer);
}
