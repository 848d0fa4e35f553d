import type { Amendment, EntryView, FollowUp } from '../../../src-shared/contract';
import { writeCsv } from '../documents/csv';
import { localIsoWithOffset } from '../documents/local-time';
import type { LogbookStore } from './logbook-store';

/** Columns of a CSV export, in order; French like the rest of what operators and police read. */
export const EXPORT_COLUMNS = [
  'numero',
  'observe_le',
  'ecrit_le',
  'categorie',
  'commune',
  'rue',
  'lieu',
  'cameras',
  'description',
  'actions',
  'statut',
  'auteur_matricule',
  'auteur_nom',
  'poste',
  'rectifications',
  'suivis',
] as const;

/** One row of a CSV export: the entry as it reads now and how it came to be. */
export interface CsvExportItem {
  entry: EntryView;
  amendments: readonly Amendment[];
  followUps: readonly FollowUp[];
  /** The « poste » cell: the entry's workstation unless given (a room export names the seat). */
  poste?: string;
}

/**
 * The CSV of a selection: each entry as it reads now (amendments applied, current status), with
 * its rectifications and follow-ups spelled out in their own cells, so the file holds what the
 * screen showed and how it came to be. Formula-looking cells are neutralised (the file will be
 * opened in a spreadsheet), and a byte-order mark makes spreadsheets read the accents right.
 * Times are the workstation's local time with their offset, cells separated by `;` unless the
 * caller asks for `,` (a French spreadsheet splits on `;`).
 */
export function exportCsv(
  store: LogbookStore,
  entries: readonly EntryView[],
  delimiter: ',' | ';' = ';',
): string {
  return entriesCsv(
    entries.map((entry) => ({ entry, ...store.history(entry.id) })),
    delimiter,
  );
}

/** The CSV of entries whose history is already read (the local store's, or the room's). */
export function entriesCsv(items: readonly CsvExportItem[], delimiter: ',' | ';' = ';'): string {
  const rows: string[][] = [[...EXPORT_COLUMNS]];
  for (const { entry, amendments, followUps, poste } of items) {
    rows.push([
      String(entry.id),
      localIsoWithOffset(entry.observedAt),
      localIsoWithOffset(entry.writtenAt),
      entry.category,
      entry.commune,
      entry.street,
      entry.place,
      entry.cameras.join(';'),
      entry.description,
      entry.actions.join(';'),
      entry.status,
      entry.author.badge,
      entry.author.name,
      poste ?? entry.workstation,
      amendments
        .map(
          (a) =>
            `${localIsoWithOffset(a.writtenAt)} ${a.author.badge}: ${a.reason} (${Object.keys(a.changes).join(', ')})`,
        )
        .join('\n'),
      followUps
        .map((f) => `${localIsoWithOffset(f.writtenAt)} ${f.author.badge} [${f.status}]: ${f.note}`)
        .join('\n'),
    ]);
  }
  return writeCsv(rows, { neutraliseFormulas: true, bom: true, delimiter });
}
