import type { AvailabilityDay } from '../../../src-shared/contract';
import { openSqlite, type SqliteDatabase, type SqliteStatement } from '../sqlite/sqlite-driver';

/**
 * The durable part of camera health: one row per stretch of time a camera was known up or known
 * down (`segments`), kept in `<dataDir>/health/availability.sqlite`. A day's availability is
 * then a sum over the segments that overlap it, so nothing is precomputed that a restart could
 * leave half-written.
 *
 * The open segment of each camera (the state it is in now) has its end moved forward at every
 * heartbeat (one UPDATE for every camera at once). If the core dies, the segment ends at the
 * last heartbeat and the time until the next start is unknown, never counted as up or down: the
 * figure is "percent of the known time".
 */

interface SegmentRow {
  camera_id: string;
  state: 'up' | 'down';
  start_ms: number;
  end_ms: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS segments (
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('up', 'down')),
  reason TEXT,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  open INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS segments_by_time ON segments (end_ms, start_ms);
CREATE INDEX IF NOT EXISTS segments_open ON segments (camera_id) WHERE open = 1;
`;

/** Local midnight of a `YYYY-MM-DD` day, ms. */
function dayStart(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1).getTime();
}

/** The local day after `day`. */
function nextDay(day: string): string {
  const start = new Date(dayStart(day));
  start.setDate(start.getDate() + 1);
  return localDay(start.getTime());
}

/** The workstation's local day (`YYYY-MM-DD`) of an instant. */
export function localDay(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export class AvailabilityStore {
  private readonly db: SqliteDatabase;
  private readonly insert: SqliteStatement;
  private readonly closeOpen: SqliteStatement;
  private readonly heartbeatAll: SqliteStatement;

  constructor(file: string, nativeBinding?: string) {
    this.db = openSqlite(file, nativeBinding ? { nativeBinding, timeout: 2000 } : { timeout: 2000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      'INSERT INTO segments (camera_id, state, reason, start_ms, end_ms, open) VALUES (?, ?, ?, ?, ?, 1)',
    );
    this.closeOpen = this.db.prepare(
      'UPDATE segments SET end_ms = MAX(start_ms, ?), open = 0 WHERE camera_id = ? AND open = 1',
    );
    this.heartbeatAll = this.db.prepare('UPDATE segments SET end_ms = MAX(end_ms, ?) WHERE open = 1');
    // Segments a previous run left open end where its last heartbeat left them.
    this.db.prepare('UPDATE segments SET open = 0 WHERE open = 1').run();
  }

  /** A camera entered `state` at `at`: its previous segment ends there, a new one starts. */
  transition(cameraId: string, state: 'up' | 'down' | 'unknown', reason: string | null, at: number): void {
    this.db.transaction(() => {
      this.closeOpen.run(at, cameraId);
      if (state !== 'unknown') this.insert.run(cameraId, state, reason, at, at);
    })();
  }

  /** Every open segment reaches `now`: the time since the last heartbeat is known. */
  heartbeat(now: number): void {
    this.heartbeatAll.run(now);
  }

  /** Ends every open segment at `now` (the core stops: what follows is unknown). */
  closeAll(now: number): void {
    this.db.transaction(() => {
      this.heartbeatAll.run(now);
      this.db.prepare('UPDATE segments SET open = 0 WHERE open = 1').run();
    })();
  }

  /**
   * Up and down time per camera and local day from `from` to `to` (inclusive), for the cameras
   * given (others in the file, since removed from the config, are left out). Days with no known
   * time are listed with a null percent, so an export has one row per camera and day.
   */
  availability(cameraIds: readonly string[], from: string, to: string, now: number): AvailabilityDay[] {
    const days: string[] = [];
    for (let day = from; day <= to; day = nextDay(day)) days.push(day);
    const rangeStart = dayStart(from);
    const rangeEnd = dayStart(nextDay(to));
    const rows = this.db
      .prepare<SegmentRow & { open: number }>(
        'SELECT camera_id, state, start_ms, end_ms, open FROM segments WHERE end_ms >= ? AND start_ms < ? ORDER BY start_ms',
      )
      .all(rangeStart, rangeEnd);
    const totals = new Map<string, { up: number; down: number; outages: number }>();
    const key = (cameraId: string, day: string) => `${cameraId}\u0000${day}`;
    for (const row of rows) {
      // The open segment lasts until now, not only until its last heartbeat.
      const end = row.open ? Math.max(row.end_ms, now) : row.end_ms;
      let day = localDay(Math.max(row.start_ms, rangeStart));
      for (; day <= to; day = nextDay(day)) {
        const start = dayStart(day);
        const stop = dayStart(nextDay(day));
        if (start >= end) break;
        const overlap = Math.min(end, stop) - Math.max(row.start_ms, start);
        const entry = totals.get(key(row.camera_id, day)) ?? { up: 0, down: 0, outages: 0 };
        if (overlap > 0) entry[row.state] += overlap;
        if (row.state === 'down' && row.start_ms >= start && row.start_ms < stop) entry.outages += 1;
        totals.set(key(row.camera_id, day), entry);
      }
    }
    const result: AvailabilityDay[] = [];
    for (const cameraId of cameraIds) {
      for (const day of days) {
        const entry = totals.get(key(cameraId, day)) ?? { up: 0, down: 0, outages: 0 };
        const known = entry.up + entry.down;
        result.push({
          cameraId,
          day,
          upSeconds: Math.round(entry.up / 1000),
          downSeconds: Math.round(entry.down / 1000),
          percent: known > 0 ? Math.round((10_000 * entry.up) / known) / 100 : null,
          outages: entry.outages,
        });
      }
    }
    return result;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
