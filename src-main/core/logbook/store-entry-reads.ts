import type { Amendment, EntryChanges, EntryDetail, EntryView, FollowUp } from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import {
  applyAmendments,
  author,
  entryRecordOut,
  originalFields,
  parseJson,
  type AmendmentRow,
  type EntryRow,
  type FollowUpRow,
} from './store-rows';
import { StoreArea } from './store-statements';

/**
 * Entries as they read now: the original with its amendments applied and the last follow-up's
 * status, each record with its chain link. Built from the records themselves, never from the
 * derived search tables, so what is shown, reported and exported is what the chain covers.
 * Shared by the entry writes (which answer the entry written) and the shift reports.
 */
export class EntryReads extends StoreArea {
  /** One entry with its original, amendments, follow-ups and chain link. */
  entryDetail(id: number): EntryDetail {
    const row = this.stmts.entry.get(id);
    if (!row) throw new ServiceError('not-found', `no entry ${id}`);
    const amendments = this.stmts.amendmentsOf.all(id);
    const followUps = this.stmts.followUpsOf.all(id);
    return {
      entry: this.view(row, amendments, followUps),
      original: { ...originalFields(row), status: row.status },
      amendments: amendments.map((amendment) => this.amendmentOut(amendment)),
      followUps: followUps.map((followUp) => this.followUpOut(followUp)),
      chain: this.chainRef('entry', id),
    };
  }

  /**
   * Entries as they read now, in the order of `ids`. Built from the records themselves (not
   * from the search tables), so what is shown and exported is what the chain covers.
   */
  entryViews(ids: readonly number[]): EntryView[] {
    const views: EntryView[] = [];
    for (const id of ids) {
      const row = this.stmts.entry.get(id);
      if (!row) continue;
      views.push(this.view(row, this.stmts.amendmentsOf.all(id), this.stmts.followUpsOf.all(id)));
    }
    return views;
  }

  /** Amendments and follow-ups of entries, for exports. */
  history(id: number): { amendments: Amendment[]; followUps: FollowUp[] } {
    return {
      amendments: this.stmts.amendmentsOf.all(id).map((row) => this.amendmentOut(row, false)),
      followUps: this.stmts.followUpsOf.all(id).map((row) => this.followUpOut(row, false)),
    };
  }

  /** Entries currently en cours, newest first. */
  openIncidentIds(limit: number): number[] {
    return this.stmts.openIncidents.all(limit).map((row) => row.entry_id);
  }

  amendmentOut(row: AmendmentRow, withChain = true): Amendment {
    return {
      ...entryRecordOut(row),
      reason: row.reason,
      changes: parseJson<EntryChanges>(row.changes, {}),
      chain: withChain ? this.chainRef('amendment', row.id) : null,
    };
  }

  followUpOut(row: FollowUpRow, withChain = true): FollowUp {
    return {
      ...entryRecordOut(row),
      note: row.note,
      status: row.status,
      actions: parseJson<string[]>(row.actions, []),
      chain: withChain ? this.chainRef('follow_up', row.id) : null,
    };
  }

  private view(row: EntryRow, amendments: AmendmentRow[], followUps: FollowUpRow[]): EntryView {
    const fields = applyAmendments(originalFields(row), amendments);
    const last = [...amendments.map((a) => a.written_at), ...followUps.map((f) => f.written_at)]
      .sort()
      .at(-1);
    return {
      id: row.id,
      ...fields,
      writtenAt: row.written_at,
      status: followUps.at(-1)?.status ?? row.status,
      author: author(row),
      workstation: row.workstation,
      shiftId: row.shift_id,
      source: row.import_id === null ? 'manual' : 'import',
      amendmentCount: amendments.length,
      followUpCount: followUps.length,
      updatedAt: last ?? row.written_at,
    };
  }
}
