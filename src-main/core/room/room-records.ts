import { z } from 'zod';
import {
  AmendmentSchema,
  FollowUpSchema,
  RoomEntryViewSchema,
  type Amendment,
  type FollowUp,
  type RoomEntryView,
} from '../../../src-shared/contract';
import { RoomError } from './room-errors';
import type { RoomClient } from './room-schema';

/**
 * Replicated rows read back into the contract's shapes: `room_entries.view` into an entry view
 * with its seat, and the covered rows (`row_json`) of amendments, follow-ups, shifts and
 * handovers into the local logbook's shapes, each checked with zod.
 *
 * Why check what our own server returns: the replica is written by every seat of the room; a row
 * that does not read as the contract says (a seat of another version, a hand-edited row) must be
 * a clear error naming the record, never a window that breaks on an undefined field.
 */

/** A replicated record with its link. */
export interface RecordRow {
  workstation: string;
  seq: string;
  kind: string;
  ref_id: string;
  hash: string;
  row_json: string;
}

/** The record columns every record query selects. */
export const RECORD_COLUMNS = 'workstation, seq, kind, ref_id, hash, row_json';

/** The author columns every covered row carries. */
const AuthorColumns = z.object({
  operator_id: z.number().int(),
  operator_badge: z.string(),
  operator_name: z.string(),
});

export const author = (row: z.infer<typeof AuthorColumns>) => ({
  id: row.operator_id,
  badge: row.operator_badge,
  name: row.operator_name,
});

const EntryRecordColumns = AuthorColumns.extend({
  id: z.number().int().positive(),
  entry_id: z.number().int().positive(),
  written_at: z.string(),
});

/** Text columns holding JSON, read as the local store reads them (a damaged text is `fallback`). */
export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A covered row parsed with `schema`; a row that does not fit is a server error naming it. */
export function covered<S extends z.ZodType>(row: RecordRow, schema: S): z.infer<S> {
  const parsed = schema.safeParse(parseJson<unknown>(row.row_json, null));
  if (!parsed.success) throw badRow(row.workstation, `record #${row.seq} (${row.kind})`, parsed.error);
  return parsed.data;
}

/** A replicated row that does not read as the contract says: a server error naming it. */
export function badRow(seat: string, what: string, error: z.ZodError): RoomError {
  const issue = error.issues[0];
  return new RoomError(
    'room-server-error',
    `seat "${seat}" ${what} in the room does not read as this Vigie expects ` +
      `(${issue ? `${issue.path.join('.') || 'row'}: ${issue.message}` : 'invalid'})`,
  );
}

export function linkOf(row: Pick<RecordRow, 'seq' | 'hash'>): { seq: number; hash: string } {
  return { seq: Number(row.seq), hash: row.hash };
}

export function amendmentOut(row: RecordRow): Amendment {
  const r = covered(row, EntryRecordColumns.extend({ reason: z.string(), changes: z.string() }));
  return AmendmentSchema.parse({
    id: r.id,
    entryId: r.entry_id,
    writtenAt: r.written_at,
    author: author(r),
    reason: r.reason,
    changes: parseJson(r.changes, {}),
    chain: linkOf(row),
  });
}

export function followUpOut(row: RecordRow): FollowUp {
  const r = covered(
    row,
    EntryRecordColumns.extend({ note: z.string(), status: z.string(), actions: z.string() }),
  );
  return FollowUpSchema.parse({
    id: r.id,
    entryId: r.entry_id,
    writtenAt: r.written_at,
    author: author(r),
    note: r.note,
    status: r.status,
    actions: parseJson(r.actions, []),
    chain: linkOf(row),
  });
}

/** A `room_entries` row as an entry view with its seat. */
export function viewOut(row: { workstation: string; view: unknown }): RoomEntryView {
  const parsed = RoomEntryViewSchema.safeParse({ ...(row.view as object), seat: row.workstation });
  if (!parsed.success) {
    const id = (row.view as { id?: unknown } | null)?.id;
    throw badRow(row.workstation, `entry ${String(id)}`, parsed.error);
  }
  return parsed.data;
}

/** Entry views of `refs`, in their order (an entry the room lacks is left out). */
export async function roomEntryViews(
  client: RoomClient,
  refs: readonly { seat: string; id: number }[],
): Promise<RoomEntryView[]> {
  if (refs.length === 0) return [];
  const rows = (
    await client.query<{ workstation: string; entry_id: string; view: unknown }>(
      `SELECT r.workstation, r.entry_id, r.view FROM room_entries r
         JOIN unnest($1::text[], $2::bigint[]) AS k (workstation, entry_id)
           ON r.workstation = k.workstation AND r.entry_id = k.entry_id`,
      [refs.map((ref) => ref.seat), refs.map((ref) => ref.id)],
    )
  ).rows;
  const byKey = new Map(rows.map((row) => [`${row.workstation}\u0000${row.entry_id}`, row]));
  const views: RoomEntryView[] = [];
  for (const ref of refs) {
    const row = byKey.get(`${ref.seat}\u0000${ref.id}`);
    if (row) views.push(viewOut(row));
  }
  return views;
}

/** The records of `kinds` whose parent (vigie_parent_ref) is one of `parents`, per seat, in seq order. */
export async function childRecords(
  client: RoomClient,
  kinds: readonly string[],
  parents: readonly { seat: string; id: number }[],
): Promise<RecordRow[]> {
  if (parents.length === 0) return [];
  return (
    await client.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS.split(', ')
        .map((column) => `c.${column}`)
        .join(', ')}
         FROM unnest($1::text[], $2::bigint[]) AS k (workstation, parent)
         JOIN chain_records c ON c.workstation = k.workstation
          AND vigie_parent_ref(c.kind, c.row_json) = k.parent
          AND c.kind IN ('amendment', 'follow_up', 'consigne', 'acknowledgement', 'handover', 'shift')
        WHERE c.kind = ANY($3::text[])
        ORDER BY c.workstation, c.seq`,
      [parents.map((p) => p.seat), parents.map((p) => p.id), kinds],
    )
  ).rows;
}
