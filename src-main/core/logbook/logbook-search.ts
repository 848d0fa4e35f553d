import {
  SEARCH_TOTAL_CAP,
  type EntryFilter,
  type SearchParams,
  type SearchResult,
} from '../../../src-shared/contract';
import { LogbookError } from './logbook-errors';
import type { LogbookStore } from './logbook-store';
import { communeKey, ftsQuery, localMidnight, toStoredInstant } from './logbook-values';

interface Where {
  clauses: string[];
  args: unknown[];
}

/**
 * Turns a filter into SQL over the search tables. Every filter column has an index that starts
 * with it and continues with observed_at, so "this category, newest first" reads only the rows
 * it returns; full text and cameras are `IN` sub-queries on their own indexes. Null when the
 * filter cannot match anything (an unknown operator badge).
 */
function whereOf(store: LogbookStore, filter: EntryFilter, now: Date): Where | null {
  const clauses: string[] = [];
  const args: unknown[] = [];
  if (filter.preset === 'today') {
    clauses.push('v.observed_at >= ?');
    args.push(localMidnight(now));
  }
  const statuses = new Set(filter.statuses ?? []);
  if (filter.preset === 'open') {
    if (statuses.size > 0 && !statuses.has('en cours')) return null;
    statuses.clear();
    statuses.add('en cours');
  }
  if (statuses.size > 0) {
    clauses.push(`v.status IN (${[...statuses].map(() => '?').join(', ')})`);
    args.push(...statuses);
  }
  if (filter.categories?.length) {
    const labels = filter.categories.map((label) => store.resolveCategory(label, false) ?? label);
    clauses.push(`v.category IN (${labels.map(() => '?').join(', ')})`);
    args.push(...labels);
  }
  if (filter.commune) {
    clauses.push('v.commune_key = ?');
    args.push(communeKey(filter.commune));
  }
  if (filter.operatorBadge) {
    const operator = store.operatorByBadge(filter.operatorBadge);
    if (!operator) return null;
    clauses.push('v.operator_id = ?');
    args.push(operator.id);
  }
  if (filter.from) {
    clauses.push('v.observed_at >= ?');
    args.push(instant(filter.from, 'from'));
  }
  if (filter.to) {
    clauses.push('v.observed_at <= ?');
    args.push(instant(filter.to, 'to'));
  }
  if (filter.camera !== undefined) {
    clauses.push('v.entry_id IN (SELECT entry_id FROM entry_cameras WHERE camera = ?)');
    args.push(filter.camera);
  }
  if (filter.text) {
    const query = ftsQuery(filter.text);
    if (query) {
      clauses.push('v.entry_id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)');
      args.push(query);
    }
  }
  return { clauses, args };
}

function instant(text: string, field: string): string {
  const stored = toStoredInstant(text);
  if (!stored) throw new LogbookError('invalid', `${field}: not a time`, [{ field, message: 'not a time' }]);
  return stored;
}

function sql(where: Where, extra: string[] = []): string {
  const clauses = [...where.clauses, ...extra];
  return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
}

function encodeCursor(observedAt: string, id: number): string {
  return Buffer.from(JSON.stringify([observedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1])) {
      return [value[0], value[1] as number];
    }
  } catch {
    // Fall through to the error below.
  }
  throw new LogbookError('invalid', 'bad cursor', [{ field: 'cursor', message: 'not from a previous page' }]);
}

/**
 * One page of entries matching a filter, newest observation first, with keyset paging (a page
 * costs the same deep in a million entries) and a total counted up to SEARCH_TOTAL_CAP.
 */
export function searchEntries(
  store: LogbookStore,
  params: SearchParams & { limit: number },
  now: Date,
): SearchResult {
  const where = whereOf(store, params, now);
  if (!where) return { entries: [], nextCursor: null, total: 0, totalCapped: false };
  const page: string[] = [];
  const pageArgs: unknown[] = [];
  if (params.cursor) {
    const [observedAt, id] = decodeCursor(params.cursor);
    page.push('(v.observed_at < ? OR (v.observed_at = ? AND v.entry_id < ?))');
    pageArgs.push(observedAt, observedAt, id);
  }
  const rows = store.db
    .prepare<{ entry_id: number; observed_at: string }>(
      `SELECT v.entry_id, v.observed_at FROM entry_view v${sql(where, page)}
       ORDER BY v.observed_at DESC, v.entry_id DESC LIMIT ?`,
    )
    .all(...where.args, ...pageArgs, params.limit + 1);
  const more = rows.length > params.limit;
  const shown = rows.slice(0, params.limit);
  const last = shown.at(-1);
  const counted =
    store.db
      .prepare<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM entry_view v${sql(where)} LIMIT ?)`)
      .get(...where.args, SEARCH_TOTAL_CAP + 1)?.n ?? 0;
  return {
    entries: store.entryViews(shown.map((row) => row.entry_id)),
    nextCursor: more && last ? encodeCursor(last.observed_at, last.entry_id) : null,
    total: Math.min(counted, SEARCH_TOTAL_CAP),
    totalCapped: counted > SEARCH_TOTAL_CAP,
  };
}

/** Ids of every entry a filter selects (for exports), newest first; throws past `max`. */
export function selectEntryIds(store: LogbookStore, filter: EntryFilter, now: Date, max: number): number[] {
  const where = whereOf(store, filter, now);
  if (!where) return [];
  const ids = store.db
    .prepare<{ entry_id: number }>(
      `SELECT v.entry_id FROM entry_view v${sql(where)} ORDER BY v.observed_at DESC, v.entry_id DESC LIMIT ?`,
    )
    .all(...where.args, max + 1)
    .map((row) => row.entry_id);
  if (ids.length > max) {
    throw new LogbookError('too-large', `the selection holds more than ${max} entries: narrow it down`);
  }
  return ids;
}
