import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXPORT_MAX_ENTRIES, type ApiMethodName, type ExportResult } from '../../../src-shared/contract';
import { log } from '../log/logger';
import { fileStamp, type ApiParams, type AreaHandlers, type HandlerContext } from './handler-context';
import { exportCsv } from './logbook-export';
import { renderRequisitionPdf } from './logbook-pdf';
import { selectEntryIds } from './logbook-search';
import { localMidnight } from './logbook-values';
import type { LogbookStore } from './logbook-store';
import type { Actor, RecordedExport } from './store-types';

/**
 * Exports a selection to CSV or PDF. The selection, its content and the chain head are read in
 * one read transaction (one snapshot); the PDF is drawn from that snapshot afterwards, then
 * the file is written beside a `.partial`, recorded in the chain with its SHA-256, and only
 * then renamed: a file under its final name is always one the chain knows.
 */
async function exportSelection(
  ctx: HandlerContext,
  store: LogbookStore,
  actor: Actor,
  params: ApiParams<'logbook.export'>,
): Promise<ExportResult> {
  const now = ctx.now();
  const pdf = params.format === 'pdf';
  const snapshot = store.db
    .transaction(() => {
      const ids = selectEntryIds(store, params.filter, now, EXPORT_MAX_ENTRIES);
      const entries = store.entryViews(ids);
      return {
        csv: pdf ? null : exportCsv(store, entries, params.csvDelimiter ?? ';'),
        items: pdf ? entries.map((entry) => ({ entry, ...store.history(entry.id) })) : [],
        count: ids.length,
        head: store.chain.head(),
      };
    })
    .deferred();
  const bytes =
    snapshot.csv !== null
      ? Buffer.from(snapshot.csv, 'utf8')
      : await renderRequisitionPdf({
          siteName: ctx.options.siteName ?? '',
          workstation: ctx.options.workstation,
          exportedAt: now,
          exportedBy: actor,
          requester: params.requester,
          reason: params.reason,
          filter: params.filter,
          todayFrom: new Date(localMidnight(now)),
          entries: snapshot.items,
          chainHead: snapshot.head,
        });
  return writeRecordedExport(ctx, store, actor, {
    bytes,
    format: params.format,
    requester: params.requester,
    reason: params.reason,
    filter: JSON.stringify(params.filter),
    count: snapshot.count,
    head: snapshot.head,
    text: snapshot.csv,
  });
}

/** A file drawn from a selection, ready to be written and recorded in the chain. */
export interface ExportDocument {
  bytes: Buffer;
  format: 'csv' | 'pdf';
  requester: string;
  reason: string;
  /** The selection, as recorded in the chain (JSON). */
  filter: string;
  count: number;
  /** The chain head the document was drawn at (the export's record follows it). */
  head: ExportResult['chainHead'];
  /** The CSV's text (answered as is); null for a PDF (answered in base64). */
  text: string | null;
  /** First part of the file name (`main-courante`, `salle`). */
  prefix?: string;
}

/**
 * Writes an export's file beside a `.partial`, records it in the chain with its SHA-256, and
 * only then renames it: a file under its final name is always one the chain knows. Shared by
 * the local export and the room's (room.export), so both leave the same evidence.
 */
export function writeRecordedExport(
  ctx: HandlerContext,
  store: LogbookStore,
  actor: Actor,
  doc: ExportDocument,
): ExportResult {
  const now = ctx.now();
  const { bytes } = doc;
  const pdf = doc.format === 'pdf';
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = `${doc.prefix ?? 'main-courante'}-${fileStamp(now)}-${sha256.slice(0, 8)}.${doc.format}`;
  mkdirSync(ctx.exportsDir, { recursive: true });
  const file = path.join(ctx.exportsDir, fileName);
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  let recorded: RecordedExport;
  try {
    recorded = store.recordExport(ctx.writeContext(actor), {
      format: doc.format,
      requester: doc.requester,
      reason: doc.reason,
      filter: doc.filter,
      entryCount: doc.count,
      fileName,
      fileSha256: sha256,
      chainHead: doc.head,
    });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, file);
  log.info(`logbook: ${actor.badge} exported ${doc.count} entries to ${file} (export #${recorded.id})`);
  return {
    exportId: recorded.id,
    fileName,
    path: file,
    content: doc.text ?? bytes.toString('base64'),
    encoding: pdf ? 'base64' : 'utf8',
    mimeType: pdf ? 'application/pdf' : 'text/csv; charset=utf-8',
    sha256,
    entryCount: doc.count,
    chainHead: doc.head,
    chain: recorded.link,
  };
}

/**
 * A document drawn elsewhere (the room's CSV) recorded in this seat's chain like a local export,
 * for the operator on duty if `method` is theirs: the same evidence whatever the source.
 */
export async function recordExternalExport(
  ctx: HandlerContext,
  method: ApiMethodName,
  draw: (now: Date) => Promise<Omit<ExportDocument, 'head'>>,
): Promise<ExportResult> {
  const { store, actor } = ctx.access.requireOperator(method);
  const doc = await draw(ctx.now());
  return writeRecordedExport(ctx, store, actor, { ...doc, head: store.chain.head() });
}

/** Exports for a requisition: CSV or PDF, each file recorded in the chain before it is handed out. */
export function exportHandlers(ctx: HandlerContext): AreaHandlers<'logbook.export'> {
  return {
    'logbook.export': (params) =>
      ctx.run('logbook.export', () => {
        const { store, actor } = ctx.access.requireOperator('logbook.export');
        return exportSelection(ctx, store, actor, params);
      }),
  };
}
