import type pg from 'pg';
import { z } from 'zod';
import { ROOM_SEAT_NAME } from '../config/config-schema';
import { log } from '../log/logger';
import { closeRoom, connectRoom, type RoomConnectionSettings } from './room-connection';
import { RoomError, roomErrorOf, type RoomErrorCode } from './room-errors';
import { RECORD_COLUMNS, type RecordRow } from './room-records';
import { assertRoomSchemaVersion, readRoomSchemaVersion, ROOM_NOTIFY_CHANNEL } from './room-schema';

/**
 * The room's changes, live: a dedicated connection LISTENs on {@link ROOM_NOTIFY_CHANNEL} and
 * hands out every record a seat replicates, in sequence order per seat, exactly once.
 *
 * Why the payload is only a hint: a NOTIFY says `{ workstation, seq }` and nothing else, and even
 * that is only a reason to look. The feed reads the records itself, `seq > last seen` for that
 * seat, from `chain_records` (what the seats' roles may insert only under their own name), so a
 * forged, lost, duplicated or out-of-order notification can neither inject content nor make a
 * record appear twice or be skipped: what is emitted is what the table holds, after the last
 * record already emitted.
 *
 * Why catch up by sequence: notifications sent while the feed is cut off (server restart, cable)
 * are gone for good. On every (re)connection the feed LISTENs first, then asks each seat's head
 * and fetches whatever lies between its last seen seq and that head, so nothing in the gap is
 * lost; a slow poll of the heads (`pollIntervalMs`) covers anything else. Reconnection backs off
 * (jittered, doubling up to `retry.maxMs`); refusals no retry can fix (credentials, another
 * schema version, a missing database) stop the feed with the reason in its status.
 */

/** One replicated record as the feed hands it out. */
export interface RoomFeedRecord {
  seat: string;
  seq: number;
  kind: string;
  refId: number;
  hash: string;
  /** The covered row's canonical JSON, as the seat hashed it. */
  rowJson: string;
}

export type RoomFeedState = 'stopped' | 'connecting' | 'listening' | 'retrying' | 'refused';

export interface RoomFeedStatus {
  state: RoomFeedState;
  connected: boolean;
  lastError: string | null;
  lastErrorCode: RoomErrorCode | null;
  /** Last seq emitted (or skipped at start) per seat. */
  lastSeen: Record<string, number>;
  nextAttemptAt: string | null;
  /** Records emitted since start. */
  delivered: number;
}

export interface RoomFeedOptions {
  connection: RoomConnectionSettings;
  /**
   * Where to start: `now` (default) emits only records replicated after the first connection;
   * a map of seat → seq resumes after those (a seat not in it: from its first record).
   */
  from?: 'now' | Record<string, number>;
  /** Records per read (default 500). */
  batchSize?: number;
  /** Safety poll of the seats' heads while connected (default 10 s; 0: off). */
  pollIntervalMs?: number;
  retry?: { initialMs: number; maxMs: number };
}

const NotifySchema = z.object({
  workstation: z.string().regex(ROOM_SEAT_NAME),
  seq: z.number().int().positive(),
});

const TERMINAL = new Set<RoomErrorCode>(['room-credentials', 'room-schema-version', 'room-database-missing']);

export class RoomFeed {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retry: { initialMs: number; maxMs: number };
  private readonly listeners = new Set<(records: RoomFeedRecord[]) => void>();
  private readonly statusListeners = new Set<(status: RoomFeedStatus) => void>();
  private readonly lastSeen = new Map<string, number>();
  private startFromNow: boolean;
  private client: pg.Client | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  /** Fetches run one after another, so per seat the order and the last seen seq hold. */
  private work: Promise<void> = Promise.resolve();
  private lost: ((error: Error) => void) | null = null;
  private wake: (() => void) | null = null;
  private current: RoomFeedStatus = {
    state: 'stopped',
    connected: false,
    lastError: null,
    lastErrorCode: null,
    lastSeen: {},
    nextAttemptAt: null,
    delivered: 0,
  };

  constructor(private readonly options: RoomFeedOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 10_000;
    this.retry = options.retry ?? { initialMs: 500, maxMs: 30_000 };
    const from = options.from ?? 'now';
    this.startFromNow = from === 'now';
    if (from !== 'now') for (const [seat, seq] of Object.entries(from)) this.lastSeen.set(seat, seq);
  }

  /** Called with each batch of new records (one seat, in seq order); returns the unsubscribe. */
  onRecords(listener: (records: RoomFeedRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: RoomFeedStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  status(): RoomFeedStatus {
    return { ...this.current, lastSeen: Object.fromEntries(this.lastSeen) };
  }

  /** Starts listening in the background; returns at once. */
  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run().catch((error: unknown) => log.error(`room feed stopped: ${String(error)}`));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.lost?.(new Error('stopped'));
    await this.loop;
    this.loop = null;
    this.update({ state: 'stopped', connected: false, nextAttemptAt: null });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        this.update({ state: 'connecting' });
        await this.session(() => {
          failures = 0;
        });
      } catch (error) {
        await closeRoom(this.client);
        this.client = null;
        if (!this.running) break;
        const room = roomErrorOf(error, this.options.connection);
        if (TERMINAL.has(room.code)) {
          log.error(`room feed refused: ${room.message}`);
          this.update({
            state: 'refused',
            connected: false,
            lastError: room.message,
            lastErrorCode: room.code,
          });
          return;
        }
        failures += 1;
        const base = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** Math.min(failures - 1, 20));
        const delay = Math.round(base * (0.8 + Math.random() * 0.4));
        if (failures === 1) log.warn(`room feed: ${room.message}; reconnecting`);
        this.update({
          state: 'retrying',
          connected: false,
          lastError: room.message,
          lastErrorCode: room.code,
          nextAttemptAt: new Date(Date.now() + delay).toISOString(),
        });
        await this.sleep(delay);
      }
    }
    await closeRoom(this.client);
    this.client = null;
  }

  /** One connection's life: LISTEN, catch up, then follow notifications until the socket dies. */
  private async session(onConnected: () => void): Promise<void> {
    let reject: (error: Error) => void = () => undefined;
    const dead = new Promise<never>((_, fail) => (reject = fail));
    dead.catch(() => undefined);
    this.lost = (error) => reject(error);
    const client = await connectRoom(
      {
        ...this.options.connection,
        applicationName: this.options.connection.applicationName ?? 'vigie-feed',
      },
      (error) => reject(error),
    );
    this.client = client;
    client.on('end', () => reject(new RoomError('room-unreachable', 'the room feed connection ended')));
    assertRoomSchemaVersion(await readRoomSchemaVersion(client), 'room feed');
    client.on('notification', (message) => {
      if (message.channel !== ROOM_NOTIFY_CHANNEL) return;
      const hint = NotifySchema.safeParse(parsePayload(message.payload));
      // A payload that is not an id pair is ignored; the heads poll would find any record anyway.
      if (hint.success) void this.enqueue(() => this.fetchSeat(client, hint.data.workstation, hint.data.seq));
    });
    await client.query(`LISTEN ${ROOM_NOTIFY_CHANNEL}`);
    await this.enqueue(() => this.catchUp(client));
    onConnected();
    this.update({
      state: 'listening',
      connected: true,
      lastError: null,
      lastErrorCode: null,
      nextAttemptAt: null,
    });
    while (this.running) {
      const tick =
        this.pollIntervalMs > 0 ? this.sleep(this.pollIntervalMs) : new Promise<void>(() => undefined);
      await Promise.race([tick, dead]);
      if (!this.running) return;
      await Promise.race([this.enqueue(() => this.catchUp(client)), dead]);
    }
  }

  /** Runs `task` after the ones before it; a failing task fails the caller, not the queue. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.work.then(task);
    this.work = next.catch((error: unknown) => {
      // The connection is the likely cause: dropping it makes the loop reconnect and catch up.
      this.lost?.(error instanceof Error ? error : new Error(String(error)));
    });
    return next;
  }

  /** Every seat's head against what was seen: fetches the gaps. */
  private async catchUp(client: pg.Client): Promise<void> {
    const heads = (
      await client.query<{ seat: string; seq: string }>(
        `SELECT s.name AS seat, h.seq FROM seats s CROSS JOIN LATERAL (
           SELECT seq FROM chain_records c WHERE c.workstation = s.name ORDER BY seq DESC LIMIT 1) h`,
      )
    ).rows;
    if (this.startFromNow) {
      this.startFromNow = false;
      for (const head of heads)
        if (!this.lastSeen.has(head.seat)) this.lastSeen.set(head.seat, Number(head.seq));
      this.update({});
      return;
    }
    for (const head of heads) await this.fetchSeat(client, head.seat, Number(head.seq));
  }

  /** Emits `seat`'s records after the last seen one, up to `until` at least. */
  private async fetchSeat(client: pg.Client, seat: string, until: number): Promise<void> {
    if (this.startFromNow) return;
    for (;;) {
      const after = this.lastSeen.get(seat) ?? 0;
      if (after >= until) return;
      const rows = (
        await client.query<RecordRow>(
          `SELECT ${RECORD_COLUMNS} FROM chain_records WHERE workstation = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
          [seat, after, this.batchSize],
        )
      ).rows;
      if (rows.length === 0) return;
      const records = rows.map((row) => ({
        seat: row.workstation,
        seq: Number(row.seq),
        kind: row.kind,
        refId: Number(row.ref_id),
        hash: row.hash,
        rowJson: row.row_json,
      }));
      this.lastSeen.set(seat, records[records.length - 1]!.seq);
      this.update({ delivered: this.current.delivered + records.length });
      for (const listener of this.listeners) {
        try {
          listener(records);
        } catch (error) {
          log.error(`room feed listener failed: ${String(error)}`);
        }
      }
      if (rows.length < this.batchSize) return;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private update(patch: Partial<RoomFeedStatus>): void {
    this.current = { ...this.current, ...patch };
    if (this.statusListeners.size === 0) return;
    const snapshot = this.status();
    for (const listener of this.statusListeners) listener(snapshot);
  }
}

/** JSON text read without throwing (a notification's payload, a covered row). */
function parsePayload(payload: string | undefined): unknown {
  try {
    return payload === undefined ? null : (JSON.parse(payload) as unknown);
  } catch {
    return null;
  }
}

/** The entries a batch of records touches (new entries, amendments, follow-ups), once each. */
export function touchedEntries(records: readonly RoomFeedRecord[]): { seat: string; id: number }[] {
  const seen = new Map<string, { seat: string; id: number }>();
  for (const record of records) {
    let id: number | null = null;
    if (record.kind === 'entry') id = record.refId;
    else if (record.kind === 'amendment' || record.kind === 'follow_up') {
      const entryId = (parsePayload(record.rowJson) as { entry_id?: unknown } | null)?.entry_id;
      id = typeof entryId === 'number' ? entryId : null;
    }
    if (id !== null) seen.set(`${record.seat}\u0000${id}`, { seat: record.seat, id });
  }
  return [...seen.values()];
}
