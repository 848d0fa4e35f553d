import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXPORT_MAX_ENTRIES, type ExportResult } from '../../../src-shared/contract';
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
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = `main-courante-${fileStamp(now)}-${sha256.slice(0, 8)}.${params.format}`;
  mkdirSync(ctx.exportsDir, { recursive: true });
  const file = path.join(ctx.exportsDir, fileName);
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  let recorded: RecordedExport;
  try {
    recorded = store.recordExport(ctx.writeContext(actor), {
      format: params.format,
      requester: params.requester,
      reason: params.reason,
      filter: JSON.stringify(params.filter),
      entryCount: snapshot.count,
      fileName,
      fileSha256: sha256,
      chainHead: snapshot.head,
    });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, file);
  log.info(`logbook: ${actor.badge} exported ${snapshot.count} entries to ${file} (export #${recorded.id})`);
  return {
    exportId: recorded.id,
    fileName,
    path: file,
    content: snapshot.csv ?? bytes.toString('base64'),
    encoding: pdf ? 'base64' : 'utf8',
    mimeType: pdf ? 'application/pdf' : 'text/csv; charset=utf-8',
    sha256,
    entryCount: snapshot.count,
    chainHead: snapshot.head,
    chain: recorded.link,
  };
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
