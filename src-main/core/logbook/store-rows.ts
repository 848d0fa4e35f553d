import type {
  Amendment,
  Author,
  Consigne,
  EntryStatus,
  FollowUp,
  OperatorRole,
  OperatorSummary,
  Shift,
} from '../../../src-shared/contract';
import type { Actor, EntryFields, OperatorRecord, WriteContext } from './store-types';

/*
 * The rows of the logbook's tables as better-sqlite3 returns them, and the small pure functions
 * that turn them into the contract's shapes. Kept apart from the queries (store-statements.ts)
 * and from the areas that use them, so a column is described once and every area reads it the
 * same way.
 */

/** The author columns every record carries (copied, so a record keeps who wrote it as they were). */
export interface AuthorColumns {
  operator_id: number;
  operator_badge: string;
  operator_name: string;
}

export interface EntryRow {
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

/** The columns an amendment and a follow-up share: which entry, in which shift, when, by whom. */
export interface EntryRecordRow extends AuthorColumns {
  id: number;
  entry_id: number;
  shift_id: number | null;
  written_at: string;
}

export interface AmendmentRow extends EntryRecordRow {
  reason: string;
  changes: string;
}

export interface FollowUpRow extends EntryRecordRow {
  note: string;
  status: EntryStatus;
  actions: string;
}

export interface ShiftRow extends AuthorColumns {
  id: number;
  workstation: string;
  opened_at: string;
  previous_handover_id: number | null;
  closed_at: string | null;
}

export interface HandoverRow extends AuthorColumns {
  id: number;
  shift_id: number;
  written_at: string;
  note: string;
  open_incidents: string;
  entry_count: number;
}

export interface ConsigneRow {
  id: number;
  handover_id: number;
  text: string;
  expires_at: string | null;
}

export interface AcknowledgementRow extends AuthorColumns {
  id: number;
  acknowledged_at: string;
  remark: string;
}

/** Another seat's handover acknowledged at this seat (schema version 2). */
export interface RoomAcknowledgementRow extends AcknowledgementRow {
  handover_seat: string;
  handover_id: number;
  handover_hash: string;
}

/** This seat's handover taken over at another seat, as the room showed it (schema version 3). */
export interface HandoverTakeoverRow extends AuthorColumns {
  id: number;
  handover_id: number;
  taken_seat: string;
  taken_ack_id: number;
  taken_ack_hash: string;
  taken_at: string;
  taken_by_id: number;
  taken_by_badge: string;
  taken_by_name: string;
  recorded_at: string;
}

export interface OperatorRow {
  id: number;
  badge: string;
  name: string;
  role: OperatorRole;
  pin_hash: string;
  active: number;
}

export interface TaxonomyRow {
  id: number;
  kind: 'category' | 'action';
  label: string;
  active: number;
  position: number;
}

export function author(row: AuthorColumns): Author {
  return { id: row.operator_id, badge: row.operator_badge, name: row.operator_name };
}

/** What an amendment and a follow-up both read as: their id, the entry, when and who wrote it. */
export function entryRecordOut(
  row: EntryRecordRow,
): Pick<Amendment & FollowUp, 'id' | 'entryId' | 'writtenAt' | 'author'> {
  return { id: row.id, entryId: row.entry_id, writtenAt: row.written_at, author: author(row) };
}

/** The author columns' values, in their column order, for an INSERT. */
export function authorValues(actor: Actor): [number, string, string] {
  return [actor.id, actor.badge, actor.name];
}

/**
 * Who wrote a record, on which workstation, when: the author columns then the workstation and
 * time columns, in that order, as amendments, follow-ups, imports and exports store them.
 */
export function stampValues(ctx: WriteContext): [number, string, string, string, string] {
  return [...authorValues(ctx.actor), ctx.workstation, ctx.now.toISOString()];
}

/** Stored JSON read back; a damaged text reads as `fallback` rather than failing the whole read. */
export function parseJson<T>(text: string, fallback: T): T {
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

/** An entry's fields as first written, before any amendment. */
export function originalFields(row: EntryRow): EntryFields {
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

export function toOperator(row: OperatorRow): OperatorRecord {
  return {
    id: row.id,
    badge: row.badge,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    pinHash: row.pin_hash,
  };
}

/** An operator without the PIN hash. */
export function summary(operator: OperatorRecord): OperatorSummary {
  return {
    id: operator.id,
    badge: operator.badge,
    name: operator.name,
    role: operator.role,
    active: operator.active,
  };
}

export function shiftOut(row: ShiftRow): Shift {
  return {
    id: row.id,
    workstation: row.workstation,
    openedAt: row.opened_at,
    operator: author(row),
    previousHandoverId: row.previous_handover_id,
    closedAt: row.closed_at,
  };
}

export function consigneOut(row: ConsigneRow): Consigne {
  return { id: row.id, handoverId: row.handover_id, text: row.text, expiresAt: row.expires_at };
}
