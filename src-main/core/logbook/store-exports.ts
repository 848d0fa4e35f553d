import { stampValues } from './store-rows';
import { StoreArea } from './store-statements';
import type { NewExport, RecordedExport, WriteContext } from './store-types';

/**
 * The register of exports: each CSV or PDF handed out is a chained record of who made it, for
 * which requester and reason, with which selection, and the file's SHA-256, so a file shown
 * later can be matched to the record that says it came from this logbook.
 */
export class ExportRecords extends StoreArea {
  /** Records an export (who, for whom, which selection, the file's hash) in the chain. */
  recordExport(ctx: WriteContext, input: NewExport): RecordedExport {
    return this.db
      .transaction(() => {
        const id = Number(
          this.stmts.insertExport.run(
            ...stampValues(ctx),
            input.format,
            input.requester,
            input.reason,
            input.filter,
            input.entryCount,
            input.fileName,
            input.fileSha256,
            input.chainHead?.seq ?? null,
            input.chainHead?.hash ?? null,
          ).lastInsertRowid,
        );
        const link = this.chain.append('export', id);
        return { id, link: { seq: link.seq, hash: link.hash } };
      })
      .immediate();
  }
}
