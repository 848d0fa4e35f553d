import type {
  Amendment,
  Author,
  Consigne,
  EntryChanges,
  EntryDetail,
  EntryStatus,
  EntryView,
  FollowUp,
  Handover,
  OperatorRole,
  OperatorSummary,
  Shift,
  ShiftCurrent,
  ShiftReport,
  Taxonomy,
  TaxonomyItem,
} from '../../../src-shared/contract';
import type { HashChain } from '../integrity/hash-chain';
import { logbookChain } from './logbook-chain';
import { openLogbookDatabase, type LogbookDbOptions } from './logbook-db';
import { ServiceError } from '../api/service-result';
import { communeKey, labelKey, toStoredInstant } from './logbook-values';
import type { SqliteDatabase, SqliteStatement } from '../sqlite/sqlite-driver';

/** The logged-in operator a write is done for. */
export interface Actor {
  id: number;
  badge: string;
  name: string;
  role: OperatorRole;
}

/** Who writes, where, and when: stamped on every record. */
export interface WriteContext {
  actor: Actor;
  workstation: string;
  now: Date;
}

/** An operator as stored, PIN hash included (never leaves the core). */
export interface OperatorRecord extends OperatorSummary {
  pinHash: string;
}

/** The entry fields amendments can change, in their parsed form. */
export interface EntryFields {
  observedAt: string;
  category: string;
  commune: string;
  street: string;
  place: string;
  cameras: number[];
  description: string;
  actions: string[];
}

/** A new entry, validated by the contract (defaults applied). */
export interface NewEntry extends EntryFields {
  status: EntryStatus;
  clientRef?: string | undefined;
}

/** A validated imported line. */
export interface ImportedEntry extends Omit<NewEntry, 'clientRef'> {
  line: number;
}

interface EntryRow {
  id: number;
  client_ref: string | null;
  shift_id: number | null;
  import_id: number | null;
  operator_id: number;
  operator_badge: string;
  operator_name: string;
  workstation: string;
  observed_at: string;
  written_at: string;
  category: string;
  commune: string;
  street: string;
  place: string;
  cameras: string;
  description: string;
  actions: string;
  status: EntryStatus;
}

interface AuthorColumns {
  operator_id: number;
  operator_badge: string;
  operator_name: string;
}

interface AmendmentRow extends AuthorColumns {
  id: number;
  entry_id: number;
  shift_id: number | null;
  written_at: string;
  reason: string;
  changes: string;
}

interface FollowUpRow extends AuthorColumns {
  id: number;
  entry_id: number;
  shift_id: number | null;
  written_at: string;
  note: string;
  status: EntryStatus;
  actions: string;
}

interface ShiftRow extends AuthorColumns {
  id: number;
  workstation: string;
  opened_at: string;
  previous_handover_id: number | null;
  closed_at: string | null;
}

interface HandoverRow extends AuthorColumns {
  id: number;
  shift_id: number;
  written_at: string;
  note: string;
  open_incidents: string;
  entry_count: number;
}

interface OperatorRow {
  id: number;
  badge: string;
  name: string;
  role: OperatorRole;
  pin_hash: string;
  active: number;
}

/** Open incidents a handover lists (newest first); more would not be read anyway. */
export const MAX_LISTED_INCIDENTS = 500;
/** Clock skew tolerated on an observed-at time ahead of the workstation's clock. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** Entries a shift report lists. */
const REPORT_MAX_ENTRIES = 5000;

const SHIFT_SELECT = `SELECT s.*, h.written_at AS closed_at FROM shifts s LEFT JOIN handovers h ON h.shift_id = s.id`;

function author(row: AuthorColumns): Author {
  return { id: row.operator_id, badge: row.operator_badge, name: row.operator_name };
}

function authorValues(actor: Actor): [number, string, string] {
  return [actor.id, actor.badge, actor.name];
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Applies amendments in order to an entry's original fields. */
export function applyAmendments(
  original: EntryFields,
  amendments: readonly { changes: string }[],
): EntryFields {
  let fields = original;
  for (const amendment of amendments) {
    fields = { ...fields, ...parseJson<Partial<EntryFields>>(amendment.changes, {}) };
  }
  return fields;
}

function originalFields(row: EntryRow): EntryFields {
  return {
    observedAt: row.observed_at,
    category: row.category,
    commune: row.commune,
    street: row.street,
    place: row.place,
    cameras: parseJson<number[]>(row.cameras, []),
    description: row.description,
    actions: parseJson<string[]>(row.actions, []),
  };
}

/** Sorted keys: the stored JSON of a change set is one text whatever order the UI sent. */
function sortedJson(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * The main courante's records in SQLite: operators, taxonomy, shifts and handovers, entries with
 * their amendments and follow-ups, exports and imports.
 *
 * Synchronous on purpose (better-sqlite3): each write is one BEGIN IMMEDIATE transaction that
 * inserts the record, chains it and updates the search indexes, so a record exists completely
 * or not at all, whatever happens to the process or the disk. Methods throw ServiceError for
 * what the operator must be told; SQLite's own errors are mapped by the caller.
 */
export class LogbookStore {
  readonly chain: HashChain;
  private readonly stmts: Statements;

  constructor(readonly db: SqliteDatabase) {
    this.chain = logbookChain(db);
    this.stmts = prepareStatements(db);
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
  // Operators

  operatorCount(): number {
    return this.stmts.operatorCount.get()?.n ?? 0;
  }

  operatorByBadge(badge: string): OperatorRecord | null {
    const row = this.stmts.operatorByBadge.get(badge);
    return row ? toOperator(row) : null;
  }

  operatorById(id: number): OperatorRecord | null {
    const row = this.stmts.operatorById.get(id);
    return row ? toOperator(row) : null;
  }

  listOperators(): OperatorSummary[] {
    return this.stmts.operators.all().map((row) => summary(toOperator(row)));
  }

  /**
   * Adds an operator; `onlyIfNone` makes it the first-start bootstrap, refused once anyone
   * exists (checked inside the write transaction, so two first starts cannot both win).
   */
  addOperator(
    input: { name: string; badge: string; role: OperatorRole; pinHash: string },
    createdBy: number | null,
    now: Date,
    onlyIfNone = false,
  ): OperatorSummary {
    return this.db
      .transaction(() => {
        if (onlyIfNone && this.operatorCount() > 0) {
          throw new ServiceError(
            'already-initialized',
            'operators already exist: ask an admin for an account',
          );
        }
        if (this.stmts.operatorByBadge.get(input.badge)) {
          throw new ServiceError('conflict', `badge ${input.badge} is already taken`, [
            { field: 'badge', message: 'already taken' },
          ]);
        }
        const id = Number(
          this.stmts.insertOperator.run(
            input.badge,
            input.name,
            input.role,
            input.pinHash,
            now.toISOString(),
            createdBy,
          ).lastInsertRowid,
        );
        const created = this.operatorById(id);
        if (!created) throw new Error('operator vanished after insert');
        return summary(created);
      })
      .immediate();
  }

  setPinHash(id: number, pinHash: string): void {
    this.stmts.setPin.run(pinHash, id);
  }

  setOperatorActive(id: number, active: boolean): void {
    this.stmts.setActive.run(active ? 1 : 0, id);
  }

  // ----------------------------------------------------------------------------------------------
  // Taxonomy

  taxonomy(): Taxonomy {
    const items = this.stmts.taxonomy.all().map((row): TaxonomyItem => ({
      id: row.id,
      kind: row.kind,
      label: row.label,
      active: row.active === 1,
      position: row.position,
    }));
    return {
      categories: items.filter((item) => item.kind === 'category'),
      actions: items.filter((item) => item.kind === 'action'),
    };
  }

  addTaxonomy(kind: 'category' | 'action', label: string): Taxonomy {
    this.db
      .transaction(() => {
        const existing = this.taxonomy()[kind === 'category' ? 'categories' : 'actions'];
        if (existing.some((item) => labelKey(item.label) === labelKey(label))) {
          throw new ServiceError('conflict', `"${label}" already exists`, [
            { field: 'label', message: 'exists' },
          ]);
        }
        const position = Math.max(0, ...existing.map((item) => item.position)) + 1;
        this.stmts.insertTaxonomy.run(kind, label, position);
      })
      .immediate();
    return this.taxonomy();
  }

  setTaxonomyActive(id: number, active: boolean): Taxonomy {
    if (this.stmts.setTaxonomyActive.run(active ? 1 : 0, id).changes === 0) {
      throw new ServiceError('not-found', `no taxonomy item ${id}`);
    }
    return this.taxonomy();
  }

  /**
   * The taxonomy's own spelling of a category typed by someone (case and accents ignored);
   * null when it is not in the taxonomy. New writes only accept active categories.
   */
  resolveCategory(typed: string, activeOnly: boolean): string | null {
    const key = labelKey(typed);
    const match = this.taxonomy().categories.find(
      (item) => labelKey(item.label) === key && (item.active || !activeOnly),
    );
    return match?.label ?? null;
  }

  // ----------------------------------------------------------------------------------------------
  // Entries

  /**
   * Writes a new entry. With `requireShift`, refused when no shift is open on the workstation.
   * A `clientRef` already used returns the entry written the first time (a retried request).
   */
  createEntry(ctx: WriteContext, input: NewEntry, options: { requireShift: boolean }): EntryDetail {
    const id = this.db
      .transaction((): number => {
        if (input.clientRef) {
          const existing = this.stmts.entryByClientRef.get(input.clientRef);
          if (existing) return existing.id;
        }
        const shift = this.stmts.currentShift.get(ctx.workstation);
        if (options.requireShift && !shift) {
          throw new ServiceError('no-shift', `no shift is open on ${ctx.workstation}: open one first`);
        }
        const fields = this.checkFields(input, ctx.now, true);
        return this.insertEntry(
          ctx,
          { ...fields, status: input.status },
          {
            clientRef: input.clientRef ?? null,
            shiftId: shift?.id ?? null,
            importId: null,
          },
        );
      })
      .immediate();
    return this.entryDetail(id);
  }

  /** Amends an entry: the original stays, the amendment records what changed and why. */
  amend(
    ctx: WriteContext,
    entryId: number,
    reason: string,
    changes: EntryChanges,
    mayAmendOthers: boolean,
  ): EntryDetail {
    this.db
      .transaction(() => {
        const entry = this.stmts.entry.get(entryId);
        if (!entry) throw new ServiceError('not-found', `no entry ${entryId}`);
        if (entry.operator_id !== ctx.actor.id && !mayAmendOthers) {
          throw new ServiceError('forbidden', 'only the author or a chef de salle can amend this entry');
        }
        const checked = this.checkChanges(changes, ctx.now);
        const shift = this.stmts.currentShift.get(ctx.workstation);
        const id = Number(
          this.stmts.insertAmendment.run(
            entryId,
            shift?.id ?? null,
            ...authorValues(ctx.actor),
            ctx.workstation,
            ctx.now.toISOString(),
            reason,
            sortedJson(checked),
          ).lastInsertRowid,
        );
        this.chain.append('amendment', id);
        this.reindexEntry(entryId, ctx.now);
      })
      .immediate();
    return this.entryDetail(entryId);
  }

  /** Adds a follow-up, which sets the entry's current status. */
  followUp(
    ctx: WriteContext,
    entryId: number,
    note: string,
    status: EntryStatus,
    actions: readonly string[],
  ): EntryDetail {
    this.db
      .transaction(() => {
        if (!this.stmts.entry.get(entryId)) throw new ServiceError('not-found', `no entry ${entryId}`);
        const shift = this.stmts.currentShift.get(ctx.workstation);
        const id = Number(
          this.stmts.insertFollowUp.run(
            entryId,
            shift?.id ?? null,
            ...authorValues(ctx.actor),
            ctx.workstation,
            ctx.now.toISOString(),
            note,
            status,
            JSON.stringify(actions),
          ).lastInsertRowid,
        );
        this.chain.append('follow_up', id);
        this.reindexEntry(entryId, ctx.now);
      })
      .immediate();
    return this.entryDetail(entryId);
  }

  /**
   * Imports validated lines as one transaction: every line or none. The import itself is a
   * chained record naming the file's SHA-256.
   */
  importEntries(
    ctx: WriteContext,
    file: { name: string; sha256: string },
    rows: readonly ImportedEntry[],
  ): { importId: number; entryIds: number[] } {
    return this.db
      .transaction(() => {
        const importId = Number(
          this.stmts.insertImport.run(
            ...authorValues(ctx.actor),
            ctx.workstation,
            ctx.now.toISOString(),
            file.name,
            file.sha256,
            rows.length,
          ).lastInsertRowid,
        );
        this.chain.append('import', importId);
        const entryIds = rows.map((row) =>
          this.insertEntry(ctx, row, { clientRef: null, shiftId: null, importId }),
        );
        return { importId, entryIds };
      })
      .immediate();
  }

  private insertEntry(
    ctx: WriteContext,
    entry: EntryFields & { status: EntryStatus },
    link: { clientRef: string | null; shiftId: number | null; importId: number | null },
  ): number {
    const writtenAt = ctx.now.toISOString();
    const id = Number(
      this.stmts.insertEntry.run(
        link.clientRef,
        link.shiftId,
        link.importId,
        ...authorValues(ctx.actor),
        ctx.workstation,
        entry.observedAt,
        writtenAt,
        entry.category,
        entry.commune,
        entry.street,
        entry.place,
        JSON.stringify(entry.cameras),
        entry.description,
        JSON.stringify(entry.actions),
        entry.status,
      ).lastInsertRowid,
    );
    this.chain.append('entry', id);
    this.stmts.insertView.run(
      id,
      entry.observedAt,
      entry.category,
      communeKey(entry.commune),
      entry.status,
      ctx.actor.id,
      0,
      0,
      writtenAt,
    );
    for (const camera of new Set(entry.cameras)) this.stmts.insertCamera.run(camera, id);
    this.stmts.insertFts.run(id, ftsBody(entry, []));
    return id;
  }

  /** Brings the derived search rows of one entry in line with its records. */
  private reindexEntry(entryId: number, now: Date): void {
    const row = this.stmts.entry.get(entryId);
    if (!row) return;
    const amendments = this.stmts.amendmentsOf.all(entryId);
    const followUps = this.stmts.followUpsOf.all(entryId);
    const fields = applyAmendments(originalFields(row), amendments);
    const status = followUps.at(-1)?.status ?? row.status;
    this.stmts.upsertView.run(
      entryId,
      fields.observedAt,
      fields.category,
      communeKey(fields.commune),
      status,
      row.operator_id,
      amendments.length,
      followUps.length,
      now.toISOString(),
    );
    this.stmts.deleteCameras.run(entryId);
    for (const camera of new Set(fields.cameras)) this.stmts.insertCamera.run(camera, entryId);
    this.stmts.deleteFts.run(entryId);
    const extra = [
      ...amendments.map((amendment) => {
        const changes = parseJson<Partial<EntryFields>>(amendment.changes, {});
        return [amendment.reason, changes.description, changes.place, changes.street, changes.commune]
          .filter(Boolean)
          .join('\n');
      }),
      ...followUps.map((followUp) => followUp.note),
    ];
    this.stmts.insertFts.run(entryId, ftsBody(originalFields(row), [ftsBody(fields, []), ...extra]));
  }

  private checkFields(input: EntryFields, now: Date, activeCategory: boolean): EntryFields {
    const observedAt = this.checkObservedAt(input.observedAt, now);
    const category = this.resolveCategory(input.category, activeCategory);
    if (!category) {
      throw new ServiceError('invalid', `unknown category "${input.category}"`, [
        { field: 'category', message: 'not in the taxonomy' },
      ]);
    }
    return { ...input, observedAt, category };
  }

  private checkObservedAt(text: string, now: Date): string {
    const stored = toStoredInstant(text);
    if (!stored)
      throw new ServiceError('invalid', 'not a time', [{ field: 'observedAt', message: 'not a time' }]);
    if (Date.parse(stored) > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new ServiceError('invalid', 'observed-at time is in the future', [
        { field: 'observedAt', message: 'in the future' },
      ]);
    }
    return stored;
  }

  private checkChanges(changes: EntryChanges, now: Date): Record<string, unknown> {
    const checked: Record<string, unknown> = { ...changes };
    for (const key of Object.keys(checked)) if (checked[key] === undefined) delete checked[key];
    if (changes.observedAt !== undefined) checked.observedAt = this.checkObservedAt(changes.observedAt, now);
    if (changes.category !== undefined) {
      const category = this.resolveCategory(changes.category, true);
      if (!category) {
        throw new ServiceError('invalid', `unknown category "${changes.category}"`, [
          { field: 'category', message: 'not in the taxonomy' },
        ]);
      }
      checked.category = category;
    }
    if (Object.keys(checked).length === 0) {
      throw new ServiceError('invalid', 'an amendment changes at least one field');
    }
    return checked;
  }

  // ----------------------------------------------------------------------------------------------
  // Reading entries

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

  private amendmentOut(row: AmendmentRow, withChain = true): Amendment {
    return {
      id: row.id,
      entryId: row.entry_id,
      writtenAt: row.written_at,
      author: author(row),
      reason: row.reason,
      changes: parseJson<EntryChanges>(row.changes, {}),
      chain: withChain ? this.chainRef('amendment', row.id) : null,
    };
  }

  private followUpOut(row: FollowUpRow, withChain = true): FollowUp {
    return {
      id: row.id,
      entryId: row.entry_id,
      writtenAt: row.written_at,
      author: author(row),
      note: row.note,
      status: row.status,
      actions: parseJson<string[]>(row.actions, []),
      chain: withChain ? this.chainRef('follow_up', row.id) : null,
    };
  }

  private chainRef(kind: string, id: number): { seq: number; hash: string } | null {
    const link = this.chain.link(kind, id);
    return link ? { seq: link.seq, hash: link.hash } : null;
  }

  /** Entries currently en cours, newest first. */
  openIncidentIds(limit: number): number[] {
    return this.stmts.openIncidents.all(limit).map((row) => row.entry_id);
  }

  // ----------------------------------------------------------------------------------------------
  // Shifts and handover

  /** What the workstation's shift screen shows. */
  current(workstation: string, now: Date): ShiftCurrent {
    const shift = this.stmts.currentShift.get(workstation);
    const pending = shift ? undefined : this.stmts.lastHandover.get(workstation);
    const pendingHandover = pending && !this.stmts.ackOf.get(pending.id) ? this.handoverOut(pending) : null;
    return {
      workstation,
      shift: shift ? shiftOut({ ...shift, closed_at: null }) : null,
      pendingHandover,
      consignes: this.activeConsignes(workstation, now),
      openIncidents: this.entryViews(this.openIncidentIds(200)),
    };
  }

  /** Opens a shift for the logged-in operator; refused while one is open or a handover waits. */
  openShift(ctx: WriteContext): Shift {
    const id = this.db
      .transaction(() => {
        this.assertNoShift(ctx.workstation);
        return this.insertShift(ctx, null);
      })
      .immediate();
    return this.shift(id);
  }

  /**
   * Closes the workstation's shift with a handover note and consignes. Open incidents are listed
   * automatically. The handover row is chained last, so its link is the chain head at close.
   */
  handover(
    ctx: WriteContext,
    note: string,
    consignes: readonly { text: string; expiresAt: string | null }[],
    mayCloseOthers: boolean,
  ): Handover {
    const id = this.db
      .transaction(() => {
        const shift = this.stmts.currentShift.get(ctx.workstation);
        if (!shift) throw new ServiceError('no-shift', `no shift is open on ${ctx.workstation}`);
        if (shift.operator_id !== ctx.actor.id && !mayCloseOthers) {
          throw new ServiceError(
            'forbidden',
            `the shift is ${shift.operator_name}'s: they or a chef de salle hand it over`,
          );
        }
        const expiries = consignes.map((consigne, index) => {
          if (consigne.expiresAt === null) return null;
          const at = toStoredInstant(consigne.expiresAt);
          if (!at || Date.parse(at) <= ctx.now.getTime()) {
            throw new ServiceError('invalid', 'a consigne expires in the past', [
              { field: `consignes[${index}].expiresAt`, message: 'in the past' },
            ]);
          }
          return at;
        });
        const incidents = this.openIncidentIds(MAX_LISTED_INCIDENTS);
        const entryCount = this.stmts.shiftEntryCount.get(shift.id)?.n ?? 0;
        const handoverId = Number(
          this.stmts.insertHandover.run(
            shift.id,
            ...authorValues(ctx.actor),
            ctx.now.toISOString(),
            note,
            JSON.stringify(incidents),
            entryCount,
          ).lastInsertRowid,
        );
        consignes.forEach((consigne, index) => {
          const consigneId = Number(
            this.stmts.insertConsigne.run(handoverId, index + 1, consigne.text, expiries[index] ?? null)
              .lastInsertRowid,
          );
          this.chain.append('consigne', consigneId);
        });
        this.chain.append('handover', handoverId);
        return handoverId;
      })
      .immediate();
    return this.handoverById(id);
  }

  /** The incoming operator acknowledges a handover; their shift opens in the same transaction. */
  acknowledge(ctx: WriteContext, handoverId: number, remark: string): { handover: Handover; shift: Shift } {
    const shiftId = this.db
      .transaction(() => {
        const handover = this.stmts.handover.get(handoverId);
        if (!handover) throw new ServiceError('not-found', `no handover ${handoverId}`);
        if (this.stmts.ackOf.get(handoverId)) {
          throw new ServiceError('conflict', 'this handover was already acknowledged');
        }
        const shift = this.stmts.shiftById.get(handover.shift_id);
        if (shift?.workstation !== ctx.workstation) {
          throw new ServiceError(
            'conflict',
            `this handover belongs to workstation ${shift?.workstation ?? '?'}`,
          );
        }
        if (handover.operator_id === ctx.actor.id) {
          throw new ServiceError(
            'self-acknowledge',
            'the incoming operator acknowledges, not the one who handed over',
          );
        }
        this.assertNoShift(ctx.workstation, handoverId);
        const ackId = Number(
          this.stmts.insertAck.run(handoverId, ...authorValues(ctx.actor), ctx.now.toISOString(), remark)
            .lastInsertRowid,
        );
        this.chain.append('acknowledgement', ackId);
        return this.insertShift(ctx, handoverId);
      })
      .immediate();
    return { handover: this.handoverById(handoverId), shift: this.shift(shiftId) };
  }

  private assertNoShift(workstation: string, acknowledging?: number): void {
    if (this.stmts.currentShift.get(workstation)) {
      throw new ServiceError('shift-open', `a shift is already open on ${workstation}`);
    }
    const last = this.stmts.lastHandover.get(workstation);
    if (last && last.id !== acknowledging && !this.stmts.ackOf.get(last.id)) {
      throw new ServiceError(
        'handover-pending',
        'a handover waits to be acknowledged by the incoming operator',
      );
    }
  }

  private insertShift(ctx: WriteContext, previousHandoverId: number | null): number {
    const id = Number(
      this.stmts.insertShift.run(
        ctx.workstation,
        ...authorValues(ctx.actor),
        ctx.now.toISOString(),
        previousHandoverId,
      ).lastInsertRowid,
    );
    this.chain.append('shift', id);
    return id;
  }

  shift(id: number): Shift {
    const row = this.stmts.shiftById.get(id);
    if (!row) throw new ServiceError('not-found', `no shift ${id}`);
    return shiftOut(row);
  }

  listShifts(workstation: string | null, limit: number): Shift[] {
    const rows = workstation ? this.stmts.shiftsOf.all(workstation, limit) : this.stmts.shifts.all(limit);
    return rows.map(shiftOut);
  }

  handoverById(id: number): Handover {
    const row = this.stmts.handover.get(id);
    if (!row) throw new ServiceError('not-found', `no handover ${id}`);
    return this.handoverOut(row);
  }

  private handoverOut(row: HandoverRow): Handover {
    const ack = this.stmts.ackOf.get(row.id);
    const next = ack ? this.stmts.shiftAfter.get(row.id) : undefined;
    return {
      id: row.id,
      shiftId: row.shift_id,
      writtenAt: row.written_at,
      operator: author(row),
      note: row.note,
      consignes: this.stmts.consignesOf.all(row.id).map(consigneOut),
      openIncidents: this.entryViews(parseJson<number[]>(row.open_incidents, [])),
      entryCount: row.entry_count,
      chainHead: this.chainRef('handover', row.id),
      acknowledgement: ack
        ? {
            id: ack.id,
            at: ack.acknowledged_at,
            operator: author(ack),
            remark: ack.remark,
            newShiftId: next?.id ?? null,
          }
        : null,
    };
  }

  /** Consignes of the workstation's last handover that have not expired. */
  activeConsignes(workstation: string, now: Date): Consigne[] {
    const last = this.stmts.lastHandover.get(workstation);
    if (!last) return [];
    const at = now.toISOString();
    return this.stmts.consignesOf
      .all(last.id)
      .filter((row) => row.expires_at === null || row.expires_at > at)
      .map(consigneOut);
  }

  /** Everything a shift report shows (the PDF renders this). */
  shiftReport(id: number, siteName: string, now: Date): ShiftReport {
    const shift = this.shift(id);
    const handoverRow = this.stmts.handoverOfShift.get(id);
    const handover = handoverRow ? this.handoverOut(handoverRow) : null;
    const entryIds = this.stmts.shiftEntries.all(id, REPORT_MAX_ENTRIES).map((row) => row.id);
    return {
      siteName,
      shift,
      entries: this.entryViews(entryIds),
      followUps: this.stmts.shiftFollowUps.all(id).map((row) => this.followUpOut(row)),
      amendments: this.stmts.shiftAmendments.all(id).map((row) => this.amendmentOut(row)),
      handover,
      openIncidents: handover ? handover.openIncidents : this.entryViews(this.openIncidentIds(200)),
      consignes: handover ? handover.consignes : this.activeConsignes(shift.workstation, now),
      chainHead: handover ? handover.chainHead : this.chain.head(),
    };
  }

  // ----------------------------------------------------------------------------------------------
  // Exports

  /** Records an export (who, for whom, which selection, the file's hash) in the chain. */
  recordExport(
    ctx: WriteContext,
    input: {
      format: string;
      requester: string;
      reason: string;
      filter: string;
      entryCount: number;
      fileName: string;
      fileSha256: string;
      chainHead: { seq: number; hash: string } | null;
    },
  ): { id: number; link: { seq: number; hash: string } } {
    return this.db
      .transaction(() => {
        const id = Number(
          this.stmts.insertExport.run(
            ...authorValues(ctx.actor),
            ctx.workstation,
            ctx.now.toISOString(),
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

function ftsBody(fields: EntryFields, extra: readonly string[]): string {
  return [
    fields.description,
    fields.category,
    fields.commune,
    fields.street,
    fields.place,
    ...fields.actions,
    ...extra,
  ]
    .filter((part) => part)
    .join('\n');
}

function toOperator(row: OperatorRow): OperatorRecord {
  return {
    id: row.id,
    badge: row.badge,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    pinHash: row.pin_hash,
  };
}

function summary(operator: OperatorRecord): OperatorSummary {
  return {
    id: operator.id,
    badge: operator.badge,
    name: operator.name,
    role: operator.role,
    active: operator.active,
  };
}

function shiftOut(row: ShiftRow): Shift {
  return {
    id: row.id,
    workstation: row.workstation,
    openedAt: row.opened_at,
    operator: author(row),
    previousHandoverId: row.previous_handover_id,
    closedAt: row.closed_at,
  };
}

function consigneOut(row: {
  id: number;
  handover_id: number;
  text: string;
  expires_at: string | null;
}): Consigne {
  return { id: row.id, handoverId: row.handover_id, text: row.text, expiresAt: row.expires_at };
}

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: SqliteDatabase) {
  const p = <Row>(sql: string): SqliteStatement<Row> => db.prepare<Row>(sql);
  return {
    operatorCount: p<{ n: number }>('SELECT count(*) AS n FROM operators'),
    operatorByBadge: p<OperatorRow>('SELECT * FROM operators WHERE badge = ?'),
    operatorById: p<OperatorRow>('SELECT * FROM operators WHERE id = ?'),
    operators: p<OperatorRow>('SELECT * FROM operators ORDER BY name, id'),
    insertOperator: p(
      'INSERT INTO operators (badge, name, role, pin_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    setPin: p('UPDATE operators SET pin_hash = ? WHERE id = ?'),
    setActive: p('UPDATE operators SET active = ? WHERE id = ?'),

    taxonomy: p<{ id: number; kind: 'category' | 'action'; label: string; active: number; position: number }>(
      'SELECT * FROM taxonomy ORDER BY kind, position, id',
    ),
    insertTaxonomy: p('INSERT INTO taxonomy (kind, label, position) VALUES (?, ?, ?)'),
    setTaxonomyActive: p('UPDATE taxonomy SET active = ? WHERE id = ?'),

    entry: p<EntryRow>('SELECT * FROM entries WHERE id = ?'),
    entryByClientRef: p<{ id: number }>('SELECT id FROM entries WHERE client_ref = ?'),
    insertEntry: p(
      `INSERT INTO entries (client_ref, shift_id, import_id, operator_id, operator_badge, operator_name, workstation,
        observed_at, written_at, category, commune, street, place, cameras, description, actions, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertView: p(
      `INSERT INTO entry_view (entry_id, observed_at, category, commune_key, status, operator_id, amendment_count,
        follow_up_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertView: p(
      `INSERT OR REPLACE INTO entry_view (entry_id, observed_at, category, commune_key, status, operator_id,
        amendment_count, follow_up_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertCamera: p('INSERT OR IGNORE INTO entry_cameras (camera, entry_id) VALUES (?, ?)'),
    deleteCameras: p('DELETE FROM entry_cameras WHERE entry_id = ?'),
    insertFts: p('INSERT INTO entry_fts (rowid, body) VALUES (?, ?)'),
    deleteFts: p('DELETE FROM entry_fts WHERE rowid = ?'),
    amendmentsOf: p<AmendmentRow>('SELECT * FROM amendments WHERE entry_id = ? ORDER BY id'),
    followUpsOf: p<FollowUpRow>('SELECT * FROM follow_ups WHERE entry_id = ? ORDER BY id'),
    insertAmendment: p(
      `INSERT INTO amendments (entry_id, shift_id, operator_id, operator_badge, operator_name, workstation, written_at,
        reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertFollowUp: p(
      `INSERT INTO follow_ups (entry_id, shift_id, operator_id, operator_badge, operator_name, workstation, written_at,
        note, status, actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertImport: p(
      `INSERT INTO imports (operator_id, operator_badge, operator_name, workstation, imported_at, file_name,
        file_sha256, entry_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    openIncidents: p<{ entry_id: number }>(
      `SELECT entry_id FROM entry_view WHERE status = 'en cours' ORDER BY entry_id DESC LIMIT ?`,
    ),

    currentShift: p<Omit<ShiftRow, 'closed_at'>>(
      `SELECT s.* FROM shifts s WHERE s.workstation = ?
        AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.shift_id = s.id) ORDER BY s.id DESC LIMIT 1`,
    ),
    shiftById: p<ShiftRow>(`${SHIFT_SELECT} WHERE s.id = ?`),
    shifts: p<ShiftRow>(`${SHIFT_SELECT} ORDER BY s.id DESC LIMIT ?`),
    shiftsOf: p<ShiftRow>(`${SHIFT_SELECT} WHERE s.workstation = ? ORDER BY s.id DESC LIMIT ?`),
    shiftAfter: p<{ id: number }>('SELECT id FROM shifts WHERE previous_handover_id = ? ORDER BY id LIMIT 1'),
    insertShift: p(
      `INSERT INTO shifts (workstation, operator_id, operator_badge, operator_name, opened_at, previous_handover_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    shiftEntryCount: p<{ n: number }>('SELECT count(*) AS n FROM entries WHERE shift_id = ?'),
    shiftEntries: p<{ id: number }>('SELECT id FROM entries WHERE shift_id = ? ORDER BY id LIMIT ?'),
    shiftFollowUps: p<FollowUpRow>('SELECT * FROM follow_ups WHERE shift_id = ? ORDER BY id'),
    shiftAmendments: p<AmendmentRow>('SELECT * FROM amendments WHERE shift_id = ? ORDER BY id'),
    handover: p<HandoverRow>('SELECT * FROM handovers WHERE id = ?'),
    handoverOfShift: p<HandoverRow>('SELECT * FROM handovers WHERE shift_id = ?'),
    lastHandover: p<HandoverRow>(
      `SELECT h.* FROM handovers h JOIN shifts s ON s.id = h.shift_id WHERE s.workstation = ? ORDER BY h.id DESC LIMIT 1`,
    ),
    insertHandover: p(
      `INSERT INTO handovers (shift_id, operator_id, operator_badge, operator_name, written_at, note, open_incidents,
        entry_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    consignesOf: p<{ id: number; handover_id: number; text: string; expires_at: string | null }>(
      'SELECT * FROM consignes WHERE handover_id = ? ORDER BY position',
    ),
    insertConsigne: p('INSERT INTO consignes (handover_id, position, text, expires_at) VALUES (?, ?, ?, ?)'),
    ackOf: p<AuthorColumns & { id: number; acknowledged_at: string; remark: string }>(
      'SELECT * FROM acknowledgements WHERE handover_id = ?',
    ),
    insertAck: p(
      `INSERT INTO acknowledgements (handover_id, operator_id, operator_badge, operator_name, acknowledged_at, remark)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    insertExport: p(
      `INSERT INTO exports (operator_id, operator_badge, operator_name, workstation, created_at, format, requester,
        reason, filter, entry_count, file_name, file_sha256, chain_head_seq, chain_head_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
