import type {
  Amendment,
  EntryDetail,
  EntryView,
  FollowUp,
  Consigne,
  Handover,
  OperatorRole,
  OperatorSummary,
  Shift,
  ShiftCurrent,
  ShiftReport,
  Taxonomy,
} from '../../../src-shared/contract';
import type { HashChain } from '../integrity/hash-chain';
import type { SqliteDatabase } from '../sqlite/sqlite-driver';
import { logbookChain } from './logbook-chain';
import { openLogbookDatabase, type LogbookDbOptions } from './logbook-db';
import { EntryRecords } from './store-entries';
import { EntryReads } from './store-entry-reads';
import { ExportRecords } from './store-exports';
import { OperatorRecords } from './store-operators';
import type { HandoverTakeover } from './room-handovers';
import { ShiftRecords } from './store-shifts';
import { prepareStatements, type StoreParts } from './store-statements';
import { TaxonomyRecords } from './store-taxonomy';
import type {
  ImportResult,
  NewEntry,
  NewExport,
  OperatorRecord,
  RecordedExport,
  WriteContext,
} from './store-types';

// Everything callers have always imported from here stays importable from here: every input
// type of store-types.ts, and the two values below.
export type * from './store-types';
export { applyAmendments } from './store-rows';
export { MAX_LISTED_INCIDENTS } from './store-shifts';

/**
 * The main courante's records in SQLite: operators, taxonomy, shifts and handovers, entries with
 * their amendments and follow-ups, exports and imports.
 *
 * Synchronous on purpose (better-sqlite3): each write is one BEGIN IMMEDIATE transaction that
 * inserts the record, chains it and updates the search indexes, so a record exists completely
 * or not at all, whatever happens to the process or the disk. Methods throw ServiceError for
 * what the operator must be told; SQLite's own errors are mapped by the caller.
 *
 * The one class callers use. The work is done by one object per area (store-operators.ts,
 * store-taxonomy.ts, store-entries.ts, store-entry-reads.ts, store-shifts.ts, store-exports.ts)
 * sharing this connection, chain and prepared statements; each method here hands over to its
 * area, so each area's transactions are in one file of its own. A method with several parameters
 * takes its area's own list (`Parameters<…>`), so each signature is written once, in its area.
 */
export class LogbookStore {
  readonly chain: HashChain;
  private readonly operators: OperatorRecords;
  private readonly categories: TaxonomyRecords;
  private readonly reads: EntryReads;
  private readonly entries: EntryRecords;
  private readonly shifts: ShiftRecords;
  private readonly exports: ExportRecords;

  constructor(readonly db: SqliteDatabase) {
    this.chain = logbookChain(db);
    const parts: StoreParts = { db, chain: this.chain, stmts: prepareStatements(db) };
    this.operators = new OperatorRecords(parts);
    this.categories = new TaxonomyRecords(parts);
    this.reads = new EntryReads(parts);
    this.entries = new EntryRecords(parts, this.categories, this.reads);
    this.shifts = new ShiftRecords(parts, this.reads);
    this.exports = new ExportRecords(parts);
  }

  /** Opens (creating and migrating as needed) the database file. */
  static open(file: string, options: LogbookDbOptions = {}): LogbookStore {
    const db = openLogbookDatabase(file, options);
    try {
      return new LogbookStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ----------------------------------------------------------------------------------------------
  // Operators (store-operators.ts)

  operatorCount(): number {
    return this.operators.operatorCount();
  }

  operatorByBadge(badge: string): OperatorRecord | null {
    return this.operators.operatorByBadge(badge);
  }

  operatorById(id: number): OperatorRecord | null {
    return this.operators.operatorById(id);
  }

  listOperators(): OperatorSummary[] {
    return this.operators.listOperators();
  }

  /** Adds an operator; `onlyIfNone` makes it the first-start bootstrap, refused once anyone exists. */
  addOperator(...args: Parameters<OperatorRecords['addOperator']>): OperatorSummary {
    return this.operators.addOperator(...args);
  }

  setPinHash(id: number, pinHash: string): void {
    this.operators.setPinHash(id, pinHash);
  }

  setOperatorActive(id: number, active: boolean): void {
    this.operators.setOperatorActive(id, active);
  }

  setOperatorProfile(id: number, name: string, role: OperatorRole): void {
    this.operators.setOperatorProfile(id, name, role);
  }

  // ----------------------------------------------------------------------------------------------
  // Taxonomy (store-taxonomy.ts)

  taxonomy(): Taxonomy {
    return this.categories.taxonomy();
  }

  addTaxonomy(kind: 'category' | 'action', label: string): Taxonomy {
    return this.categories.addTaxonomy(kind, label);
  }

  setTaxonomyActive(id: number, active: boolean): Taxonomy {
    return this.categories.setTaxonomyActive(id, active);
  }

  /** The taxonomy's own spelling of a typed category (case and accents ignored), or null. */
  resolveCategory(typed: string, activeOnly: boolean): string | null {
    return this.categories.resolveCategory(typed, activeOnly);
  }

  // ----------------------------------------------------------------------------------------------
  // Entries (writes: store-entries.ts, reads: store-entry-reads.ts)

  /** Writes a new entry; a `clientRef` already used returns the entry written the first time. */
  createEntry(ctx: WriteContext, input: NewEntry, options: { requireShift: boolean }): EntryDetail {
    return this.entries.createEntry(ctx, input, options);
  }

  /** Amends an entry: the original stays, the amendment records what changed and why. */
  amend(...args: Parameters<EntryRecords['amend']>): EntryDetail {
    return this.entries.amend(...args);
  }

  /** Adds a follow-up, which sets the entry's current status. */
  followUp(...args: Parameters<EntryRecords['followUp']>): EntryDetail {
    return this.entries.followUp(...args);
  }

  /** Imports validated lines as one transaction: every line or none. */
  importEntries(...args: Parameters<EntryRecords['importEntries']>): ImportResult {
    return this.entries.importEntries(...args);
  }

  /** One entry with its original, amendments, follow-ups and chain link. */
  entryDetail(id: number): EntryDetail {
    return this.reads.entryDetail(id);
  }

  /** Entries as they read now, in the order of `ids`, built from the records themselves. */
  entryViews(ids: readonly number[]): EntryView[] {
    return this.reads.entryViews(ids);
  }

  /** Amendments and follow-ups of entries, for exports. */
  history(id: number): { amendments: Amendment[]; followUps: FollowUp[] } {
    return this.reads.history(id);
  }

  /** Entries currently en cours, newest first. */
  openIncidentIds(limit: number): number[] {
    return this.reads.openIncidentIds(limit);
  }

  // ----------------------------------------------------------------------------------------------
  // Shifts and handover (store-shifts.ts)

  /** What the workstation's shift screen shows. */
  current(workstation: string, now: Date): ShiftCurrent {
    return this.shifts.current(workstation, now);
  }

  /**
   * Opens a shift for the logged-in operator; refused while one is open or a handover waits,
   * unless the room proved that handover was taken over at another seat (`takeover`).
   */
  openShift(ctx: WriteContext, takeover?: HandoverTakeover): Shift {
    return this.shifts.openShift(ctx, takeover);
  }

  /** The handover a new shift here waits for, or null (store-shifts.ts). */
  pendingHandoverId(workstation: string): number | null {
    return this.shifts.pendingHandoverId(workstation);
  }

  /** Closes the workstation's shift with a handover note and consignes. */
  handover(...args: Parameters<ShiftRecords['handover']>): Handover {
    return this.shifts.handover(...args);
  }

  /** Another seat's handover taken over here (room.acknowledge); a shift opens here with it. */
  acknowledgeRoomHandover(
    ...args: Parameters<ShiftRecords['acknowledgeRoomHandover']>
  ): ReturnType<ShiftRecords['acknowledgeRoomHandover']> {
    return this.shifts.acknowledgeRoomHandover(...args);
  }

  /** The incoming operator acknowledges a handover; their shift opens in the same transaction. */
  acknowledge(ctx: WriteContext, handoverId: number, remark: string): { handover: Handover; shift: Shift } {
    return this.shifts.acknowledge(ctx, handoverId, remark);
  }

  shift(id: number): Shift {
    return this.shifts.shift(id);
  }

  listShifts(workstation: string | null, limit: number): Shift[] {
    return this.shifts.listShifts(workstation, limit);
  }

  handoverById(id: number): Handover {
    return this.shifts.handoverById(id);
  }

  /** Consignes of the workstation's last handover that have not expired. */
  activeConsignes(workstation: string, now: Date): Consigne[] {
    return this.shifts.activeConsignes(workstation, now);
  }

  /** Everything a shift report shows (the PDF renders this). */
  shiftReport(id: number, siteName: string, now: Date): ShiftReport {
    return this.shifts.shiftReport(id, siteName, now);
  }

  // ----------------------------------------------------------------------------------------------
  // Exports (store-exports.ts)

  /** Records an export (who, for whom, which selection, the file's hash) in the chain. */
  recordExport(ctx: WriteContext, input: NewExport): RecordedExport {
    return this.exports.recordExport(ctx, input);
  }
}
