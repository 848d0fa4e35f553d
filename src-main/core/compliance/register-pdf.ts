import path from 'node:path';
import type { ChainHeadInfo, HandoverItem, Requisition } from '../../../src-shared/contract';
import { captionFor } from '../audit/audit-export';
import { pdfInstant } from '../documents/pdf-text';
import { CaptionedPdf } from '../documents/captioned-pdf';

/** A main courante entry as the register PDF cites it. */
export interface LinkedEntry {
  id: number;
  summary: string | null;
}

export interface RegisterPdfInput {
  requisition: Requisition;
  siteName: string;
  workstation: string;
  exportedAt: Date;
  exportedBy: string;
  chainHead: ChainHeadInfo | null;
  camera(cameraId: string): string;
  entries: readonly LinkedEntry[];
}

const KIND_LABELS: Record<HandoverItem['kind'], string> = {
  snapshot: 'Capture',
  export: 'Export',
  file: 'Fichier',
  clip: 'Extrait vidéo',
};

function size(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1)} Mo`;
}

/**
 * One requisition of the extraction register as a PDF for the officer's file: who asked (OPJ,
 * service, procedure), which cameras and period, what was handed over with each file's SHA-256,
 * the main courante entries it relates to, who recorded it, its link in the audit chain, and
 * room for both signatures. Every page carries the caption (site, export time, operator, chain).
 */
export function registerPdf(input: RegisterPdfInput): Promise<Buffer> {
  const r = input.requisition;
  const caption = captionFor(`Registre des extractions — réquisition n° ${r.id}`, input);
  const pdf = new CaptionedPdf(caption, {
    title: `Réquisition n° ${r.id} — ${input.siteName}`,
    author: input.exportedBy,
  });
  pdf.title(`Registre des extractions — réquisition n° ${r.id}`, input.siteName);

  pdf.heading('Réquisition');
  pdf.field('Date de la réquisition', pdfInstant(r.requestedAt));
  pdf.field('Officier requérant', `${r.officerName} (${r.officerQuality})`);
  pdf.field('Service', r.officerService);
  pdf.field('Référence de la procédure', r.procedureRef);
  pdf.field('Caméras demandées', r.cameraIds.map((id) => input.camera(id)).join(', '));
  pdf.field('Période demandée', `du ${pdfInstant(r.periodFrom)} au ${pdfInstant(r.periodTo)}`);
  if (r.note) pdf.field('Observations', r.note);

  pdf.heading('Main courante');
  if (input.entries.length === 0) pdf.paragraph('Aucune entrée liée.');
  for (const entry of input.entries) {
    pdf.field(`Entrée n° ${entry.id}`, entry.summary ?? 'introuvable dans la main courante de ce poste');
  }

  pdf.heading('Éléments remis');
  if (r.items.length === 0) pdf.paragraph('Aucun élément remis à ce jour.');
  else
    pdf.table(
      [
        { header: 'N°', width: 4, cell: (item: HandoverItem) => String(item.id) },
        { header: 'Type', width: 7, cell: (item) => KIND_LABELS[item.kind] },
        {
          header: 'Fichier',
          width: 22,
          cell: (item) => `${path.basename(item.file)}${item.description ? `\n${item.description}` : ''}`,
        },
        { header: 'Caméra', width: 12, cell: (item) => (item.cameraId ? input.camera(item.cameraId) : '') },
        { header: 'SHA-256', width: 33, cell: (item) => item.sha256 },
        { header: 'Taille', width: 7, cell: (item) => size(item.bytes) },
        {
          header: 'Remis le / par',
          width: 15,
          cell: (item) => `${pdfInstant(item.addedAt)}\n${item.addedBy.name} (${item.addedBy.badge})`,
        },
      ],
      r.items,
    );
  const unverified = r.items.filter((item) => !item.verified).length;
  if (unverified > 0) {
    pdf.paragraph(
      `${unverified} élément(s) n'ont pas pu être relus par Vigie à l'enregistrement : leur empreinte est celle déclarée par l'agent.`,
      8,
    );
  }

  pdf.heading('Enregistrement');
  pdf.field('Enregistrée le', pdfInstant(r.createdAt));
  pdf.field('Par', `${r.recordedBy.name} (${r.recordedBy.badge}), poste ${r.workstation}`);
  pdf.field('Maillon de la chaîne d’audit', r.chain ? `n° ${r.chain.seq}` : '—');
  if (r.chain) pdf.field('SHA-256 du maillon', r.chain.hash);

  pdf.keep(110);
  pdf.heading('Signatures');
  pdf.paragraph('Remis par (nom, qualité, signature) :');
  pdf.gap(3);
  pdf.paragraph("Reçu par l'officier requérant (nom, qualité, date, signature) :");
  pdf.gap(3);
  return pdf.finish();
}
