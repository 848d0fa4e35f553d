import { z } from 'zod';
import {
  EntryOriginalSchema,
  EXPORT_MAX_ENTRIES,
  RoomFilterSchema,
  RoomSearchParamsSchema,
  SEARCH_TOTAL_CAP,
  type Amendment,
  type FollowUp,
  type RoomEntryDetail,
  type RoomEntryRef,
  type RoomEntryView,
  type RoomFilter,
  type RoomSearchParams,
  type RoomSearchResult,
} from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import {
  amendmentOut,
  badRow,
  childRecords,
  followUpOut,
  linkOf,
  parseJson,
  RECORD_COLUMNS,
  roomEntryViews,
  viewOut,
  type RecordRow,
} from './room-records';
import type { RoomClient } from './room-schema';

/**
 * The room's main courante, read-only, over every seat: MC du jour, suivis en cours, search,
 * one entry's detail and the source of a room export, in the local logbook's shapes with each
 * entry's seat (src-shared/room-views-contract.ts).
 *
 * Every selection reads `room_entries` (schema version 2, room-views-schema.ts), one row per entry
 * as it reads now, so a filter on a category, a commune or a status applies to the amended entry,
 * as the local logbook's does, and every screen is an index lookup:
 * - newest first is (written_at, seat, entry id) descending, the room's writing order, paged by a
 *   keyset cursor;
 * - full text is PostgreSQL's French search (`french_unaccent`: accents ignored, words stemmed,
 *   the last typed word also a prefix), over the entry's current and original text, its amendments'
 *   reasons and its follow-ups' notes. Results are ranked (current text weighs more than history)
 *   when at most SEARCH_TOTAL_CAP entries match; a text matching more cannot be ranked without
 *   reading every match, so it is answered newest first, and `order` says so.
 *
 * All SQL is parameterised; input is parsed with the contract's schemas (bad input is a
 * ServiceError `invalid`); the server's own failures are the caller's to translate (RoomQueries).
 */

interface Where {
  clauses: string[];
  args: unknown[];
}

const arg = (where: Where, value: unknown): string => {
  where.args.push(value);
  return `$${where.args.length}`;
};

/** Local midnight of `now`'s day, as the local MC du jour starts (logbook-values' localMidnight). */
function midnight(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** Stored form of an instant (UTC with milliseconds), or the field's error. */
function instant(text: string, field: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new ServiceError('invalid', `${field}: not a time`, [{ field, message: 'not a time' }]);
  }
  return date.toISOString();
}

/**
 * The typed words as a tsquery text: every word must match, by its stem, the last one also as a
 * prefix. Only letters
 * and digits reach to_tsquery, so nothing typed can make the query fail. Null when none is left.
 */
export function roomTsQuery(text: string): string | null {
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 16);
  // Stems match exactly, the last word also as a prefix (the one being typed): a prefix on every
  // word makes GIN collect each word's whole posting list, an exact stem lets it skip along.
  return words.length
    ? words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(' & ')
    : null;
}

/**
 * The tsquery of typed words, as the server builds it (`vigie_room_tsquery`, schema version 3):
 * the last word's prefix spelt out as the exact words the room holds when there are few, so GIN
 * takes its fast path (room-search-schema.ts). Null when no word is left.
 */
async function resolveTsQuery(client: RoomClient, text: string | undefined): Promise<string | null> {
  const query = text ? roomTsQuery(text) : null;
  if (!query) return null;
  const words = query.split(' & ');
  const last = words.pop()!.replace(/:\*$/, '');
  const result = await client.query<{ q: string }>('SELECT vigie_room_tsquery($1, $2)::text AS q', [
    words.join(' & '),
    last,
  ]);
  return result.rows[0]?.q ?? '';
}

/** The WHERE of a room filter; null when it selects nothing for sure (open preset and other statuses). */
function whereOf(
  filter: RoomFilter,
  now: Date,
  tsquery: string | null,
): (Where & { query: string | null }) | null {
  const where: Where & { query: string | null } = { clauses: [], args: [], query: null };
  const lowers = [
    filter.from ? instant(filter.from, 'from') : null,
    filter.preset === 'today' ? midnight(now) : null,
  ].filter((value): value is string => value !== null);
  const lower = lowers.sort().at(-1);
  if (lower) where.clauses.push(`observed_at >= ${arg(where, lower)}`);
  if (filter.to) where.clauses.push(`observed_at <= ${arg(where, instant(filter.to, 'to'))}`);
  const statuses = new Set(filter.statuses ?? []);
  if (filter.preset === 'open') {
    if (statuses.size > 0 && !statuses.has('en cours')) return null;
    statuses.clear();
  }
  // A literal, so the planner may use the partial index of entries en cours.
  if (filter.preset === 'open') where.clauses.push(`status = 'en cours'`);
  else if (statuses.size > 0) where.clauses.push(`status = ANY(${arg(where, [...statuses])}::text[])`);
  if (filter.categories?.length) {
    const labels = filter.categories.map((label) => label.toLowerCase());
    where.clauses.push(`lower(category) = ANY(${arg(where, labels)}::text[])`);
  }
  if (filter.commune) where.clauses.push(`commune_key = vigie_commune_key(${arg(where, filter.commune)})`);
  if (filter.camera !== undefined) {
    where.clauses.push(`cameras @> ${arg(where, JSON.stringify([filter.camera]))}::jsonb`);
  }
  if (filter.operatorBadge) {
    where.clauses.push(`lower(operator_badge) = lower(${arg(where, filter.operatorBadge)})`);
  }
  if (filter.seats?.length) where.clauses.push(`workstation = ANY(${arg(where, filter.seats)}::text[])`);
  if (filter.text && tsquery === null) return null;
  if (tsquery !== null) {
    where.query = `${arg(where, tsquery)}::tsquery`;
    where.clauses.push(`search @@ ${where.query}`);
  }
  return where;
}

const sqlWhere = (where: Where, extra: string[] = []) => {
  const clauses = [...where.clauses, ...extra];
  return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
};

/** A page cursor: the last entry of a newest-first page, or the offset of a ranked one. */
const CursorSchema = z.union([
  z.object({ k: z.literal('r'), w: z.string().max(40), s: z.string().max(48), i: z.number().int() }),
  z.object({ k: z.literal('o'), n: z.number().int().min(0).max(SEARCH_TOTAL_CAP) }),
]);
type Cursor = z.infer<typeof CursorSchema>;

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): Cursor {
  const parsed = CursorSchema.safeParse(parseJson(Buffer.from(text, 'base64url').toString('utf8'), null));
  if (!parsed.success) {
    throw new ServiceError('invalid', 'bad cursor', [
      { field: 'cursor', message: 'not from a previous page' },
    ]);
  }
  return parsed.data;
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ServiceError(
    'invalid',
    'invalid room selection',
    parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  );
}

interface ViewRow {
  workstation: string;
  entry_id: string;
  written_at: string;
  view: unknown;
}

/** One page of the room's entries matching `params`, with each entry's seat. */
export async function searchRoom(
  client: RoomClient,
  input: RoomSearchParams,
  now: Date,
): Promise<RoomSearchResult> {
  const params = parseInput(RoomSearchParamsSchema, input);
  const where = whereOf(params, now, await resolveTsQuery(client, params.text));
  const wanted = params.order ?? (params.text ? 'relevance' : 'recent');
  if (!where) return { entries: [], nextCursor: null, total: 0, totalCapped: false, order: wanted };
  const counted = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM room_entries${sqlWhere(where)} LIMIT ${SEARCH_TOTAL_CAP + 1}) m`,
    where.args,
  );
  const n = Number(counted.rows[0]?.n ?? 0);
  const total = { total: Math.min(n, SEARCH_TOTAL_CAP), totalCapped: n > SEARCH_TOTAL_CAP };
  const cursor = params.cursor ? decodeCursor(params.cursor) : null;
  const order = wanted === 'relevance' && where.query && !total.totalCapped ? 'relevance' : 'recent';
  if (n === 0) return { entries: [], nextCursor: null, ...total, order };
  const page: Where = { clauses: [...where.clauses], args: [...where.args] };
  let orderBy = 'written_at DESC, workstation DESC, entry_id DESC';
  let offset = 0;
  if (order === 'relevance') {
    orderBy = `ts_rank_cd(search, ${where.query}) DESC, ${orderBy}`;
    offset = cursor?.k === 'o' ? cursor.n : 0;
  } else if (cursor?.k === 'r') {
    page.clauses.push(
      `(written_at, workstation, entry_id) < (${arg(page, cursor.w)}, ${arg(page, cursor.s)}, ${arg(page, cursor.i)})`,
    );
  }
  const sql = `SELECT workstation, entry_id, written_at, view FROM room_entries${sqlWhere(page)}
    ORDER BY ${orderBy} LIMIT ${arg(page, params.limit + 1)} OFFSET ${arg(page, offset)}`;
  // Newest first over more matches than can be ranked: walking the recent index finds a page in a
  // few hundred rows, where the full-text bitmap would read (and sort) every match first; the
  // planner cannot know how dense the words are, so it is told (for this statement only).
  const rows = (
    where.query && order === 'recent' && total.totalCapped
      ? await withoutBitmaps(client, () => client.query<ViewRow>(sql, page.args))
      : await client.query<ViewRow>(sql, page.args)
  ).rows;
  const more = rows.length > params.limit;
  const shown = rows.slice(0, params.limit);
  const last = shown.at(-1);
  let nextCursor: string | null = null;
  if (more && last && order === 'recent') {
    nextCursor = encodeCursor({ k: 'r', w: last.written_at, s: last.workstation, i: Number(last.entry_id) });
  } else if (more && offset + shown.length < SEARCH_TOTAL_CAP) {
    nextCursor = encodeCursor({ k: 'o', n: offset + shown.length });
  }
  return { entries: shown.map(viewOut), nextCursor, ...total, order };
}

async function withoutBitmaps<T>(client: RoomClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query('SET LOCAL enable_bitmapscan = off');
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A page of the room's entries selected by `filter`. */
export type RoomPage = Pick<RoomSearchParams, 'limit' | 'cursor' | 'seats'>;

/**
 * The room's MC du jour (`today`: observed since local midnight) or suivis en cours (`open`:
 * current status en cours), on every seat or `page.seats`, newest first.
 */
export function roomPreset(
  client: RoomClient,
  preset: 'today' | 'open',
  now: Date,
  page: RoomPage = {},
): Promise<RoomSearchResult> {
  return searchRoom(client, { ...page, preset }, now);
}

/** One entry of the room with its original, amendments, follow-ups and chain link. */
export async function roomEntryDetail(client: RoomClient, ref: RoomEntryRef): Promise<RoomEntryDetail> {
  const [view] = await roomEntryViews(client, [ref]);
  // The entry as first written, in the contract's names, by the function room_entries uses.
  const record = (
    await client.query<RecordRow & { original: unknown }>(
      `SELECT ${RECORD_COLUMNS}, vigie_entry_fields(row_json::jsonb)
              || jsonb_build_object('status', row_json::jsonb -> 'status') AS original
         FROM chain_records WHERE kind = 'entry' AND workstation = $1 AND ref_id = $2`,
      [ref.seat, ref.id],
    )
  ).rows[0];
  if (!view || !record)
    throw new ServiceError('not-found', `no entry ${ref.id} of seat "${ref.seat}" in the room`);
  const original = EntryOriginalSchema.safeParse(record.original);
  if (!original.success) throw badRow(ref.seat, `entry ${ref.id}`, original.error);
  const { amendments, followUps } = (await histories(client, [ref])).get(key(ref)) ?? {
    amendments: [],
    followUps: [],
  };
  return {
    seat: ref.seat,
    entry: view,
    original: original.data,
    amendments,
    followUps,
    chain: linkOf(record),
  };
}

const key = (ref: RoomEntryRef) => `${ref.seat}\u0000${ref.id}`;

interface History {
  amendments: Amendment[];
  followUps: FollowUp[];
}

/** Amendments and follow-ups of entries, by `seat\0id`. */
async function histories(client: RoomClient, refs: readonly RoomEntryRef[]): Promise<Map<string, History>> {
  const out = new Map<string, History>();
  for (let start = 0; start < refs.length; start += 1000) {
    const chunk = refs.slice(start, start + 1000);
    for (const row of await childRecords(client, ['amendment', 'follow_up'], chunk)) {
      const item = row.kind === 'amendment' ? amendmentOut(row) : followUpOut(row);
      const k = key({ seat: row.workstation, id: item.entryId });
      const history = out.get(k) ?? { amendments: [], followUps: [] };
      if (row.kind === 'amendment') history.amendments.push(item as Amendment);
      else history.followUps.push(item as FollowUp);
      out.set(k, history);
    }
  }
  return out;
}

/** An entry for a room export: as it reads now, with how it came to be (logbook-pdf's PdfEntry). */
export interface RoomExportItem extends History {
  entry: RoomEntryView;
}

/** What a room export is drawn from: the entries, and each seat's chain head at that moment. */
export interface RoomExportSource {
  items: RoomExportItem[];
  heads: { seat: string; seq: number; hash: string }[];
}

/**
 * Every entry a room filter selects (newest first), with its history, and the seats' chain heads,
 * read in one REPEATABLE READ transaction so the heads and the entries are one snapshot. More
 * than `max` entries is refused (`too-large`), as the local export is.
 */
export async function roomExportSource(
  client: RoomClient,
  input: RoomFilter,
  now: Date,
  max = EXPORT_MAX_ENTRIES,
): Promise<RoomExportSource> {
  const filter = parseInput(RoomFilterSchema, input);
  const where = whereOf(filter, now, await resolveTsQuery(client, filter.text));
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const heads = await roomChainHeads(client);
    let items: RoomExportItem[] = [];
    if (where) {
      const rows = (
        await client.query<ViewRow>(
          `SELECT workstation, entry_id, written_at, view FROM room_entries${sqlWhere(where)}
            ORDER BY written_at DESC, workstation DESC, entry_id DESC LIMIT ${max + 1}`,
          where.args,
        )
      ).rows;
      if (rows.length > max) {
        throw new ServiceError('too-large', `the selection holds more than ${max} entries: narrow it down`);
      }
      const entries = rows.map(viewOut);
      const history = await histories(
        client,
        entries.map((entry) => ({ seat: entry.seat, id: entry.id })),
      );
      items = entries.map((entry) => ({
        entry,
        ...(history.get(key({ seat: entry.seat, id: entry.id })) ?? { amendments: [], followUps: [] }),
      }));
    }
    await client.query('COMMIT');
    return { items, heads };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Each registered seat's last replicated record (seats with none are left out). */
export async function roomChainHeads(
  client: RoomClient,
): Promise<{ seat: string; seq: number; hash: string }[]> {
  const rows = (
    await client.query<{ seat: string; seq: string; hash: string }>(
      `SELECT s.name AS seat, h.seq, h.hash FROM seats s
         CROSS JOIN LATERAL (SELECT seq, hash FROM chain_records c WHERE c.workstation = s.name
                              ORDER BY seq DESC LIMIT 1) h
        ORDER BY s.name`,
    )
  ).rows;
  return rows.map((row) => ({ seat: row.seat, seq: Number(row.seq), hash: row.hash }));
}

export { roomEntryViews };
