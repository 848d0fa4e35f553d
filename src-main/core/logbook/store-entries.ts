import {
  FUTURE_TOLERANCE_MS,
  type EntryChanges,
  type EntryDetail,
  type EntryStatus,
} from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { communeKey, toStoredInstant } from './logbook-values';
import type { EntryReads } from './store-entry-reads';
import {
  applyAmendments,
  authorValues,
  originalFields,
  parseJson,
  stampValues,
  type EntryRow,
} from './store-rows';
import { StoreArea, type StoreParts } from './store-statements';
import type { TaxonomyRecords } from './store-taxonomy';
import type { EntryFields, ImportedEntry, ImportResult, NewEntry, WriteContext } from './store-types';

/** Sorted keys: the stored JSON of a change set is one text whatever order the UI sent. */
function sortedJson(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** The text the full-text index holds for an entry: its fields, then any `extra` lines. */
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

/**
 * Writing entries: new entries, amendments, follow-ups, and CSV imports. Each write is one
 * BEGIN IMMEDIATE transaction that validates against the taxonomy and the clock, inserts the
 * record, appends its chain link and brings the entry's search rows (entry_view, entry_cameras,
 * entry_fts) in line, so a record and its index exist together or not at all.
 */
export class EntryRecords extends StoreArea {
  constructor(
    parts: StoreParts,
    private readonly categories: TaxonomyRecords,
    private readonly reads: EntryReads,
  ) {
    super(parts);
  }

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
          throw new ServiceError(
            'no-shift',
            `no shift is open on ${ctx.workstation}: open one first`,
            undefined,
            {
              params: { workstation: ctx.workstation },
            },
          );
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
    return this.reads.entryDetail(id);
  }

  /** Amends an entry: the original stays, the amendment records what changed and why. */
  amend(
    ctx: WriteContext,
    entryId: number,
    reason: string,
    changes: EntryChanges,
    mayAmendOthers: boolean,
  ): EntryDetail {
    return this.addToEntry(ctx, entryId, 'amendment', (entry, shiftId) => {
      if (entry.operator_id !== ctx.actor.id && !mayAmendOthers) {
        throw new ServiceError(
          'forbidden',
          'only the author or a chef de salle can amend this entry',
          undefined,
          {
            reason: 'not-author',
          },
        );
      }
      const checked = this.checkChanges(changes, ctx.now);
      return this.stmts.insertAmendment.run(
        entryId,
        shiftId,
        ...stampValues(ctx),
        reason,
        sortedJson(checked),
      );
    });
  }

  /** Adds a follow-up, which sets the entry's current status. */
  followUp(
    ctx: WriteContext,
    entryId: number,
    note: string,
    status: EntryStatus,
    actions: readonly string[],
  ): EntryDetail {
    return this.addToEntry(ctx, entryId, 'follow_up', (_entry, shiftId) =>
      this.stmts.insertFollowUp.run(
        entryId,
        shiftId,
        ...stampValues(ctx),
        note,
        status,
        JSON.stringify(actions),
      ),
    );
  }

  /**
   * Writes one record about an existing entry (an amendment or a follow-up) in its own
   * transaction: `insert` checks what it must and inserts the row, given the entry and the
   * workstation's open shift (if any); the row is chained and the entry's search rows brought in line.
   */
  private addToEntry(
    ctx: WriteContext,
    entryId: number,
    kind: 'amendment' | 'follow_up',
    insert: (entry: EntryRow, shiftId: number | null) => { lastInsertRowid: number | bigint },
  ): EntryDetail {
    this.db
      .transaction(() => {
        const entry = this.stmts.entry.get(entryId);
        if (!entry) throw new ServiceError('not-found', `no entry ${entryId}`);
        const shiftId = this.stmts.currentShift.get(ctx.workstation)?.id ?? null;
        const id = Number(insert(entry, shiftId).lastInsertRowid);
        this.chain.append(kind, id);
        this.reindexEntry(entryId, ctx.now);
      })
      .immediate();
    return this.reads.entryDetail(entryId);
  }

  /**
   * Imports validated lines as one transaction: every line or none. The import itself is a
   * chained record naming the file's SHA-256.
   */
  importEntries(
    ctx: WriteContext,
    file: { name: string; sha256: string },
    rows: readonly ImportedEntry[],
  ): ImportResult {
    return this.db
      .transaction(() => {
        const importId = Number(
          this.stmts.insertImport.run(...stampValues(ctx), file.name, file.sha256, rows.length)
            .lastInsertRowid,
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
    const category = this.categories.resolveCategory(input.category, activeCategory);
    if (!category) {
      throw new ServiceError('invalid', `unknown category "${input.category}"`, [
        { field: 'category', message: 'not in the taxonomy', reason: 'unknown-category' },
      ]);
    }
    return { ...input, observedAt, category };
  }

  private checkObservedAt(text: string, now: Date): string {
    const stored = toStoredInstant(text);
    if (!stored)
      throw new ServiceError('invalid', 'not a time', [
        { field: 'observedAt', message: 'not a time', reason: 'not-a-time' },
      ]);
    if (Date.parse(stored) > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new ServiceError('invalid', 'observed-at time is in the future', [
        { field: 'observedAt', message: 'in the future', reason: 'future' },
      ]);
    }
    return stored;
  }

  private checkChanges(changes: EntryChanges, now: Date): Record<string, unknown> {
    const checked: Record<string, unknown> = { ...changes };
    for (const key of Object.keys(checked)) if (checked[key] === undefined) delete checked[key];
    if (changes.observedAt !== undefined) checked.observedAt = this.checkObservedAt(changes.observedAt, now);
    if (changes.category !== undefined) {
      const category = this.categories.resolveCategory(changes.category, true);
      if (!category) {
        throw new ServiceError('invalid', `unknown category "${changes.category}"`, [
          { field: 'category', message: 'not in the taxonomy', reason: 'unknown-category' },
        ]);
      }
      checked.category = category;
    }
    if (Object.keys(checked).length === 0) {
      throw new ServiceError('invalid', 'an amendment changes at least one field', undefined, {
        reason: 'no-change',
      });
    }
    return checked;
  }
}
