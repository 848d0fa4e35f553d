import type pg from 'pg';
import { log } from '../log/logger';
import { LocalChainError, LocalChainReader } from './local-chain-reader';
import { openRoomSeat } from './room-checks';
import { closeRoom, type RoomConnectionSettings } from './room-connection';
import { RoomError, roomErrorOf, type RoomErrorCode } from './room-errors';

export { DivergenceError, replicateRecords, type RoomDivergence } from './room-batch';
import { DivergenceError, mismatch, replicateRecords, type RoomDivergence } from './room-batch';

/**
 * Replicates one seat's local main courante chain to the room's PostgreSQL, in order,
 * idempotently, without ever standing in the operator's way.
 *
 * Why asynchronous and pull-based: the local SQLite logbook is the record of first write, so an
 * entry is saved whether or not the server answers. This service only reads what is committed
 * locally (its own read-only connection) and copies what the server lacks: at each pass it asks
 * the server for this seat's last `seq`, reads the local records after it, and inserts them in one
 * transaction. Nothing is queued in memory, so a crash, a restart or an hour without the server
 * loses nothing: the next pass starts from what the server has.
 *
 * Why no duplicates and no overwrite: the key is (workstation, seq); a record the server already
 * holds (a batch whose COMMIT reply was lost, a second core on the same seat) hits
 * `ON CONFLICT DO NOTHING` and is then compared by hash. A different hash, or a server ahead of
 * the local chain (a logbook restored from an older backup), is a divergence: reported, logged,
 * and replication stops for this seat; nothing is ever rewritten.
 *
 * When the server is down the loop retries with a capped, jittered exponential backoff; refusals
 * that a retry cannot fix (wrong credentials, another schema version, a role that may UPDATE,
 * an unregistered seat) stop it with the error in {@link RoomReplicationStatus.lastError}. After
 * each committed batch it NOTIFYs {@link ROOM_NOTIFY_CHANNEL} with only `{ workstation, seq }`,
 * inside the transaction, so other seats hear of records that exist and fetch them by sequence.
 */

export interface RoomReplicatorOptions {
  /** The seat's local `logbook/logbook.sqlite`. */
  logbookFile: string;
  /** The seat's name in the room (its records' `workstation` there). */
  seat: string;
  connection: RoomConnectionSettings;
  /** Records per transaction (default 200). */
  batchSize?: number;
  /** How often an idle replicator looks for new local records (default 500 ms); `kick()` is sooner. */
  pollIntervalMs?: number;
  /** Backoff while the server is unreachable: first wait and cap (default 500 ms, 30 s). */
  retry?: { initialMs: number; maxMs: number };
  /** better_sqlite3.node for the running runtime (Electron). */
  nativeBinding?: string;
}

export type RoomReplicationState =
  'stopped' | 'connecting' | 'replicating' | 'idle' | 'retrying' | 'refused' | 'diverged';

/** What a later UI shows about replication; every field is plain data, no secret. */
export interface RoomReplicationStatus {
  seat: string;
  state: RoomReplicationState;
  connected: boolean;
  /** The server's last seq for this seat, as last seen; null before the first contact. */
  lastReplicatedSeq: number | null;
  /** The local chain's head seq, as last read. */
  localHeadSeq: number;
  /** Local records the server does not have yet (as far as this seat knows). */
  pending: number;
  /** Plain English, for IT; null when the last pass succeeded. */
  lastError: string | null;
  lastErrorCode: RoomErrorCode | 'local-chain-broken' | 'local-unavailable' | 'room-divergence' | null;
  divergence: RoomDivergence | null;
  /** ISO time of the next attempt while retrying. */
  nextAttemptAt: string | null;
  /** ISO time of the last successful pass. */
  lastSuccessAt: string | null;
}

const DEFAULTS = { batchSize: 200, pollIntervalMs: 500, retry: { initialMs: 500, maxMs: 30_000 } };

/** Refusals a retry cannot fix: configuration or server-side changes are needed first. */
const TERMINAL: ReadonlySet<RoomErrorCode> = new Set([
  'room-credentials',
  'room-schema-version',
  'room-seat-privileges',
  'room-seat-unknown',
  'room-database-missing',
  'room-password',
]);

export class RoomReplicator {
  private readonly options: RoomReplicatorOptions & typeof DEFAULTS;
  private client: pg.Client | null = null;
  private reader: LocalChainReader | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private sleeper: { kickable: boolean; done: () => void } | null = null;
  private kicked = false;
  private readonly listeners = new Set<(status: RoomReplicationStatus) => void>();
  private current: RoomReplicationStatus;

  constructor(options: RoomReplicatorOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.current = {
      seat: options.seat,
      state: 'stopped',
      connected: false,
      lastReplicatedSeq: null,
      localHeadSeq: 0,
      pending: 0,
      lastError: null,
      lastErrorCode: null,
      divergence: null,
      nextAttemptAt: null,
      lastSuccessAt: null,
    };
  }

  /** Starts the background loop; returns at once (the operator's writes never wait on it). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run().catch((error: unknown) => {
      log.error(`room replication of seat "${this.options.seat}" stopped: ${String(error)}`);
    });
  }

  /** Stops the loop, drops the connection and closes the local reader. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp('stop');
    const client = this.client;
    this.client = null;
    await closeRoom(client);
    await this.loop;
    this.loop = null;
    this.reader?.close();
    this.reader = null;
    this.update({ state: 'stopped', connected: false, nextAttemptAt: null });
  }

  /** Tells the loop a local record was written: replicate now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wakeUp('kick');
  }

  status(): RoomReplicationStatus {
    return { ...this.current, divergence: this.current.divergence ? { ...this.current.divergence } : null };
  }

  /** Called with each new status; returns the unsubscribe. */
  onStatus(listener: (status: RoomReplicationStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        if (!this.client) {
          this.update({ state: 'connecting' });
          this.client = await openRoomSeat(this.options.connection, this.options.seat, () => {
            // The socket died between queries: the next query fails and takes the retry path.
          });
          this.update({ connected: true });
          if (failures > 0) log.info(`room: seat "${this.options.seat}" reconnected to PostgreSQL`);
        }
        const full = await this.pass(this.client);
        failures = 0;
        this.update({
          lastError: null,
          lastErrorCode: null,
          nextAttemptAt: null,
          lastSuccessAt: new Date().toISOString(),
        });
        if (!full) {
          this.update({ state: 'idle' });
          await this.sleep(this.options.pollIntervalMs);
        }
      } catch (error) {
        const client = this.client;
        this.client = null;
        await closeRoom(client);
        if (this.stopping) break;
        if (this.stopForGood(error)) return;
        failures += 1;
        const { initialMs, maxMs } = this.options.retry;
        const base = Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 20));
        const delay = Math.round(base * (0.8 + Math.random() * 0.4));
        const { code, message } = this.describe(error);
        if (failures === 1) log.warn(`room replication of seat "${this.options.seat}": ${message}; retrying`);
        this.update({
          state: 'retrying',
          connected: false,
          lastError: message,
          lastErrorCode: code,
          nextAttemptAt: new Date(Date.now() + delay).toISOString(),
        });
        await this.sleep(delay, false);
      }
    }
  }

  /** Terminal errors end the loop with their status; true when the loop must end. */
  private stopForGood(error: unknown): boolean {
    if (error instanceof DivergenceError) {
      log.error(`room: ${error.divergence.message}`);
      this.update({
        state: 'diverged',
        connected: false,
        divergence: error.divergence,
        lastError: error.divergence.message,
        lastErrorCode: 'room-divergence',
      });
      return true;
    }
    if (error instanceof LocalChainError) {
      log.error(`room replication of seat "${this.options.seat}" stopped: ${error.message}`);
      this.update({
        state: 'refused',
        connected: false,
        lastError: error.message,
        lastErrorCode: 'local-chain-broken',
      });
      return true;
    }
    if (error instanceof RoomError && TERMINAL.has(error.code)) {
      log.error(`room replication of seat "${this.options.seat}" refused: ${error.message}`);
      this.update({
        state: 'refused',
        connected: false,
        lastError: error.message,
        lastErrorCode: error.code,
      });
      return true;
    }
    return false;
  }

  private describe(error: unknown): { code: RoomReplicationStatus['lastErrorCode']; message: string } {
    if (error instanceof RoomError) return { code: error.code, message: error.message };
    if (
      (error as { code?: unknown }).code === 'SQLITE_CANTOPEN' ||
      /no such table|does not exist/i.test(String(error))
    ) {
      return {
        code: 'local-unavailable',
        message: `the local logbook ${this.options.logbookFile} cannot be read yet (${(error as Error).message})`,
      };
    }
    const room = roomErrorOf(error, this.options.connection);
    return { code: room.code, message: room.message };
  }

  /** One pass: compare heads, send up to one batch. True when a full batch went (more may follow). */
  private async pass(client: pg.Client): Promise<boolean> {
    const { seat } = this.options;
    this.reader ??= LocalChainReader.open(this.options.logbookFile, this.nativeBindingOption());
    const reader = this.reader;
    const head = await client.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM chain_records WHERE workstation = $1 ORDER BY seq DESC LIMIT 1',
      [seat],
    );
    const serverSeq = head.rows[0] ? Number(head.rows[0].seq) : 0;
    const localHead = reader.head();
    const localSeq = localHead?.seq ?? 0;
    this.update({
      lastReplicatedSeq: serverSeq,
      localHeadSeq: localSeq,
      pending: Math.max(0, localSeq - serverSeq),
    });
    if (serverSeq > localSeq) {
      throw new DivergenceError({
        seat,
        seq: serverSeq,
        reason: 'replica-ahead',
        localHash: null,
        replicaHash: head.rows[0]?.hash ?? null,
        message:
          `seat "${seat}": the room holds records up to #${serverSeq} but the local chain ends at #${localSeq} ` +
          '(local logbook restored from an older copy?): replication stopped, nothing overwritten',
      });
    }
    if (serverSeq > 0) {
      const localHash = reader.hashAt(serverSeq);
      if (localHash !== head.rows[0]?.hash)
        throw new DivergenceError(mismatch(seat, serverSeq, localHash, head.rows[0]?.hash ?? null));
    }
    this.kicked = false;
    const records = reader.after(serverSeq, this.options.batchSize);
    if (records.length === 0) return false;
    this.update({ state: 'replicating' });
    await replicateRecords(client, seat, records);
    const last = records[records.length - 1]!.seq;
    this.update({ lastReplicatedSeq: last, pending: Math.max(0, localSeq - last) });
    return records.length === this.options.batchSize || this.kicked;
  }

  private nativeBindingOption(): { nativeBinding?: string } {
    return this.options.nativeBinding === undefined ? {} : { nativeBinding: this.options.nativeBinding };
  }

  private update(patch: Partial<RoomReplicationStatus>): void {
    this.current = { ...this.current, ...patch };
    if (this.listeners.size === 0) return;
    const snapshot = this.status();
    for (const listener of this.listeners) listener(snapshot);
  }

  /** Waits `ms`, or less when stopped (and, if `kickable`, when kicked). */
  private sleep(ms: number, kickable = true): Promise<void> {
    if (this.stopping || (kickable && this.kicked)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endSleep(), ms);
      this.sleeper = {
        kickable,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  private endSleep(): void {
    const sleeper = this.sleeper;
    this.sleeper = null;
    sleeper?.done();
  }

  /** Ends the current wait on a stop, or on a kick when the wait is a poll (not a backoff). */
  private wakeUp(reason: 'stop' | 'kick'): void {
    if (this.sleeper && (reason === 'stop' || this.sleeper.kickable)) this.endSleep();
  }
}
