import {
  SEARCH_TOTAL_CAP,
  type EntryFilter,
  type SearchParams,
  type SearchResult,
} from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import type { LogbookStore } from './logbook-store';
import { communeKey, ftsQuery, localMidnight, toStoredInstant } from './logbook-values';

/**
 * How a filter is searched. Results come newest entry first, by entry number (the register's
 * writing order; each entry shows its observed-at time): every index then ends with the entry
 * id, so "this category / status / operator / camera, newest first" reads only the rows it
 * returns, even deep in a million entries.
 *
 * Full text is the one index ordered otherwise (FTS5 keeps its own rowid order), and a common
 * word matches a large part of the logbook. So: a word matching at most `denseText` entries is
 * looked up once and used as a set; a more common one drives the query from the full-text
 * index itself, read newest first, and stops as soon as the page is full.
 *
 * A period is the other filter that does not follow entry numbers. It is turned into the exact
 * range of entry ids its entries span (min and max id read from the observed-at index), which
 * every plan, full text included, then reads directly. That costs nothing for a narrow period
 * and grows with a wide one long past (a whole year, two years back, in a million entries:
 * ~25 ms); a wide period that reaches recent days needs no range, newest first finds it at once.
 */
interface Plan {
  from: string;
  clauses: string[];
  args: unknown[];
  /** The column the order and the cursor apply to. */
  id: string;
}

/** Thresholds between plans; tests lower them to run every plan on small logbooks. */
export interface SearchTuning {
  /** Above this many full-text matches, the full-text index drives the query. */
  denseText: number;
  /** Periods up to this many entries become an id range without reading the whole period. */
  narrowPeriod: number;
  /**
   * Time the total count may take before it settles for "at least" (default 10 ms). Tests that
   * check exact totals raise it: on a loaded machine a few rows can take longer than 10 ms.
   */
  countBudgetMs?: number;
}

export const DEFAULT_SEARCH_TUNING: SearchTuning = { denseText: 5000, narrowPeriod: 20_000 };
/** Time the total count may take before it settles for "at least". */
const COUNT_BUDGET_MS = 10;

/** The entry ids a period spans; null when it holds no entry, 'all' when no range is worth it. */
function periodIds(
  store: LogbookStore,
  lower: string | null,
  upper: string | null,
  narrowPeriod: number,
): { lo: number; hi: number } | 'all' | null {
  if (!lower && !upper) return 'all';
  const clauses = [lower ? 'observed_at >= ?' : null, upper ? 'observed_at <= ?' : null].filter(Boolean);
  const args = [lower, upper].filter((value) => value !== null);
  const span = (limit: string): { n: number; lo: number | null; hi: number | null } | undefined =>
    store.db
      .prepare<{ n: number; lo: number | null; hi: number | null }>(
        `SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM (SELECT entry_id AS id FROM entry_view
          INDEXED BY entry_view_observed WHERE ${clauses.join(' AND ')}${limit})`,
      )
      .get(...args, ...(limit ? [narrowPeriod + 1] : []));
  const narrow = span(' LIMIT ?');
  if (!narrow || narrow.n === 0) return null;
  if (narrow.n <= narrowPeriod && narrow.lo !== null && narrow.hi !== null)
    return { lo: narrow.lo, hi: narrow.hi };
  // Wide: worth a full read of the range only when many entries are newer than it.
  if (!upper) return 'all';
  const newer =
    store.db
      .prepare<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM entry_view INDEXED BY entry_view_observed WHERE observed_at > ? LIMIT ?)`,
      )
      .get(upper, narrowPeriod + 1)?.n ?? 0;
  if (newer <= narrowPeriod) return 'all';
  const wide = span('');
  return wide?.lo != null && wide.hi != null ? { lo: wide.lo, hi: wide.hi } : null;
}

function planOf(store: LogbookStore, filter: EntryFilter, now: Date, tuning: SearchTuning): Plan | null {
  const plan: Plan = { from: 'entry_view v', clauses: [], args: [], id: 'v.entry_id' };
  const lowers = [
    filter.from ? instant(filter.from, 'from') : null,
    filter.preset === 'today' ? localMidnight(now) : null,
  ]
    .filter((value): value is string => value !== null)
    .sort();
  const lower = lowers.at(-1) ?? null;
  const upper = filter.to ? instant(filter.to, 'to') : null;
  const period = periodIds(store, lower, upper, tuning.narrowPeriod);
  if (!period) return null;
  const text = filter.text ? ftsQuery(filter.text) : null;
  if (text) {
    const matches =
      store.db
        .prepare<{ n: number }>(
          'SELECT count(*) AS n FROM (SELECT 1 FROM entry_fts WHERE entry_fts MATCH ? LIMIT ?)',
        )
        .get(text, tuning.denseText + 1)?.n ?? 0;
    if (matches === 0) return null;
    if (matches > tuning.denseText) {
      // CROSS JOIN keeps the full-text index as the outer loop, read by descending rowid.
      plan.from = 'entry_fts f CROSS JOIN entry_view v ON v.entry_id = f.rowid';
      plan.clauses.push('f.entry_fts MATCH ?');
      plan.id = 'f.rowid';
    } else {
      plan.clauses.push('v.entry_id IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?)');
    }
    plan.args.push(text);
  }
  // Without an id range the period reaches recent entries: reading newest first finds them at
  // once, so the observed-at index (which would need a sort) is kept out of the plan with `+`.
  const observed = period === 'all' ? '+v.observed_at' : 'v.observed_at';
  if (lower) {
    plan.clauses.push(`${observed} >= ?`);
    plan.args.push(lower);
  }
  if (upper) {
    plan.clauses.push(`${observed} <= ?`);
    plan.args.push(upper);
  }
  if (period !== 'all') {
    plan.clauses.push(`${plan.id} BETWEEN ? AND ?`);
    plan.args.push(period.lo, period.hi);
  }
  const statuses = new Set(filter.statuses ?? []);
  if (filter.preset === 'open') {
    if (statuses.size > 0 && !statuses.has('en cours')) return null;
    statuses.clear();
    statuses.add('en cours');
  }
  if (statuses.size > 0) {
    plan.clauses.push(`v.status IN (${[...statuses].map(() => '?').join(', ')})`);
    plan.args.push(...statuses);
  }
  if (filter.categories?.length) {
    const labels = filter.categories.map((label) => store.resolveCategory(label, false) ?? label);
    plan.clauses.push(`v.category IN (${labels.map(() => '?').join(', ')})`);
    plan.args.push(...labels);
  }
  if (filter.commune) {
    plan.clauses.push('v.commune_key = ?');
    plan.args.push(communeKey(filter.commune));
  }
  if (filter.operatorBadge) {
    const operator = store.operatorByBadge(filter.operatorBadge);
    if (!operator) return null;
    plan.clauses.push('v.operator_id = ?');
    plan.args.push(operator.id);
  }
  if (filter.camera !== undefined) {
    plan.clauses.push('v.entry_id IN (SELECT entry_id FROM entry_cameras WHERE camera = ?)');
    plan.args.push(filter.camera);
  }
  return plan;
}

function instant(text: string, field: string): string {
  const stored = toStoredInstant(text);
  if (!stored) throw new ServiceError('invalid', `${field}: not a time`, [{ field, message: 'not a time' }]);
  return stored;
}

function select(plan: Plan, what: string, extra: string[] = []): string {
  const clauses = [...plan.clauses, ...extra];
  return `SELECT ${what} FROM ${plan.from}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''}`;
}

function encodeCursor(id: number): string {
  return Buffer.from(`e${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^e(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ServiceError('invalid', 'bad cursor', [
      { field: 'cursor', message: 'not from a previous page' },
    ]);
  }
  return Number(match[1]);
}

/**
 * Counts matches up to SEARCH_TOTAL_CAP, within COUNT_BUDGET_MS: the count is a courtesy to the
 * operator and must never hold the core (and the video relay) for long.
 */
function countOf(store: LogbookStore, plan: Plan, budgetMs: number): { total: number; capped: boolean } {
  // Newest first like the page: the indexes serve that order, and a count cut short by its
  // budget has then counted the newest matches.
  const rows = store.db
    .prepare(`${select(plan, '1')} ORDER BY ${plan.id} DESC LIMIT ?`)
    .iterate(...plan.args, SEARCH_TOTAL_CAP + 1);
  const deadline = performance.now() + budgetMs;
  let total = 0;
  while (!rows.next().done) {
    total += 1;
    if (total > SEARCH_TOTAL_CAP) {
      rows.return?.();
      return { total: SEARCH_TOTAL_CAP, capped: true };
    }
    if (performance.now() > deadline) {
      rows.return?.();
      return { total, capped: true };
    }
  }
  return { total, capped: false };
}

/** One page of entries matching a filter, newest entry first, with keyset paging. */
export function searchEntries(
  store: LogbookStore,
  params: SearchParams & { limit: number },
  now: Date,
  tuning: SearchTuning = DEFAULT_SEARCH_TUNING,
): SearchResult {
  const plan = planOf(store, params, now, tuning);
  if (!plan) return { entries: [], nextCursor: null, total: 0, totalCapped: false };
  const page: string[] = [];
  const pageArgs: unknown[] = [];
  if (params.cursor) {
    page.push(`${plan.id} < ?`);
    pageArgs.push(decodeCursor(params.cursor));
  }
  const ids = store.db
    .prepare<{ id: number }>(`${select(plan, `${plan.id} AS id`, page)} ORDER BY ${plan.id} DESC LIMIT ?`)
    .all(...plan.args, ...pageArgs, params.limit + 1)
    .map((row) => row.id);
  const more = ids.length > params.limit;
  const shown = ids.slice(0, params.limit);
  const last = shown.at(-1);
  const count =
    !params.cursor && !more
      ? { total: shown.length, capped: false }
      : countOf(store, plan, tuning.countBudgetMs ?? COUNT_BUDGET_MS);
  return {
    entries: store.entryViews(shown),
    nextCursor: more && last !== undefined ? encodeCursor(last) : null,
    total: count.total,
    totalCapped: count.capped,
  };
}

/** Ids of every entry a filter selects (for exports), newest first; throws past `max`. */
export function selectEntryIds(
  store: LogbookStore,
  filter: EntryFilter,
  now: Date,
  max: number,
  tuning: SearchTuning = DEFAULT_SEARCH_TUNING,
): number[] {
  const plan = planOf(store, filter, now, tuning);
  if (!plan) return [];
  const ids = store.db
    .prepare<{ id: number }>(`${select(plan, `${plan.id} AS id`)} ORDER BY ${plan.id} DESC LIMIT ?`)
    .all(...plan.args, max + 1)
    .map((row) => row.id);
  if (ids.length > max) {
    throw new ServiceError('too-large', `the selection holds more than ${max} entries: narrow it down`);
  }
  return ids;
}
