import type { RoomEntryView } from '../../../src-shared/contract';
import type { EntryList, ListedEntry } from './logbook-store-types';

/** A row's identity: entry ids are per seat, so a room row is (seat, id). */
export const rowKey = (entry: ListedEntry): string => `${entry.seat ?? ''}\u0000${entry.id}`;

/** Room lists are newest written first, then seat, then id, all descending (the core's order). */
function newerFirst(a: ListedEntry, b: ListedEntry): number {
  if (a.writtenAt !== b.writtenAt) return a.writtenAt < b.writtenAt ? 1 : -1;
  const seats = (b.seat ?? '').localeCompare(a.seat ?? '');
  return seats !== 0 ? seats : b.id - a.id;
}

/** Local midnight of `now`, as the core's MC du jour starts. */
function midnight(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/**
 * Whether an entry belongs to a preset list as the core would select it (MC du jour: observed
 * since midnight; suivis en cours: en cours; both within the seat filter). A search is not
 * judged here (its words are the server's to match): it only takes new versions of its rows.
 */
function belongs(list: EntryList, entry: RoomEntryView, now: Date): boolean | null {
  const seats = list.filter.seats;
  if (seats?.length && !seats.includes(entry.seat)) return false;
  if (list.view === 'today') return entry.observedAt >= midnight(now);
  if (list.view === 'open') return entry.status === 'en cours';
  return null;
}

/**
 * A room list with entries read again after a `room-changed` push: known rows take their new
 * version (or leave a preset list they no longer belong to), new ones join a preset list in
 * order, and the total follows.
 */
export function mergeIntoList(list: EntryList, changed: readonly RoomEntryView[], now: Date): EntryList {
  if (!list.room) return list;
  const rows = new Map(list.entries.map((entry) => [rowKey(entry), entry]));
  let total = list.total;
  let added: ListedEntry[] = [];
  for (const entry of changed) {
    const key = rowKey(entry);
    const fits = belongs(list, entry, now);
    if (rows.has(key)) {
      if (fits === false) {
        rows.delete(key);
        total = Math.max(0, total - 1);
      } else rows.set(key, entry);
    } else if (fits) {
      added = [...added, entry];
      total += 1;
    }
  }
  const entries = [...rows.values(), ...added].sort(newerFirst);
  return { ...list, entries, total };
}
