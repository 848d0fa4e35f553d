import pg from 'pg';
import type {
  RoomEntryDetail,
  RoomEntryRef,
  RoomEntryView,
  RoomFilter,
  RoomSearchParams,
  RoomSearchResult,
  RoomShiftState,
} from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { log } from '../log/logger';
import { clientConfig, type RoomConnectionSettings } from './room-connection';
import { roomErrorOf } from './room-errors';
import {
  roomEntryDetail,
  roomEntryViews,
  roomExportSource,
  roomPreset,
  searchRoom,
  type RoomExportSource,
  type RoomPage,
} from './room-queries';
import type { RoomClient } from './room-schema';
import { handoverTakeover, handoverToTakeOver, roomShiftState } from './room-shift-queries';

type Page = RoomPage;

/**
 * The room views a seat's main courante window reads (room-queries.ts, room-shift-queries.ts),
 * over a small pool of connections of their own.
 *
 * Why a pool apart from the replicator's and the feed's connection: a window's search must never
 * wait behind a replication batch, nor a replication behind a slow export; two windows may ask at
 * once. The pool reconnects by itself after a cut, so a query after the server came back simply
 * works. Every failure is a {@link RoomError} with its stable code (`room-unreachable`,
 * `room-credentials`…) and a message without the password; bad input stays a ServiceError.
 */
export class RoomViews {
  private pool: pg.Pool | null = null;

  constructor(
    private readonly settings: RoomConnectionSettings,
    private readonly options: { poolSize?: number } = {},
  ) {}

  start(): void {
    if (this.pool) return;
    this.pool = new pg.Pool({
      ...clientConfig({ ...this.settings, applicationName: this.settings.applicationName ?? 'vigie-views' }),
      max: this.options.poolSize ?? 3,
      idleTimeoutMillis: 30_000,
    });
    // An idle client whose server went away: dropped by the pool, the next query reconnects.
    this.pool.on('error', (error) => log.debug(`room views: idle connection lost (${error.message})`));
  }

  async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end().catch(() => undefined);
  }

  search(params: RoomSearchParams, now: Date): Promise<RoomSearchResult> {
    return this.run((client) => searchRoom(client, params, now));
  }

  /** MC du jour, room-wide. */
  today(now: Date, page: Page = {}): Promise<RoomSearchResult> {
    return this.run((client) => roomPreset(client, 'today', now, page));
  }

  /** Suivis en cours, room-wide. */
  open(now: Date, page: Page = {}): Promise<RoomSearchResult> {
    return this.run((client) => roomPreset(client, 'open', now, page));
  }

  entries(refs: readonly RoomEntryRef[]): Promise<RoomEntryView[]> {
    return this.run((client) => roomEntryViews(client, refs));
  }

  entry(ref: RoomEntryRef): Promise<RoomEntryDetail> {
    return this.run((client) => roomEntryDetail(client, ref));
  }

  shiftState(now: Date): Promise<RoomShiftState> {
    return this.run((client) => roomShiftState(client, now));
  }

  /** Another seat's handover that may still be taken over (refused otherwise, room-shift-queries.ts). */
  handoverToTakeOver(seat: string, id: number): ReturnType<typeof handoverToTakeOver> {
    return this.run((client) => handoverToTakeOver(client, seat, id));
  }

  /** This seat's handover taken over at another seat, or null (room-shift-queries.ts). */
  handoverTakeover(seat: string, id: number): ReturnType<typeof handoverTakeover> {
    return this.run((client) => handoverTakeover(client, seat, id));
  }

  exportSource(filter: RoomFilter, now: Date, max?: number): Promise<RoomExportSource> {
    return this.run((client) => roomExportSource(client, filter, now, max));
  }

  private async run<T>(work: (client: RoomClient) => Promise<T>): Promise<T> {
    if (!this.pool) this.start();
    let client: pg.PoolClient | null = null;
    try {
      client = await this.pool!.connect();
      return await work(client);
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      const room = roomErrorOf(error, this.settings);
      // A broken connection must not go back to the pool.
      client?.release(room.code === 'room-unreachable' ? room : undefined);
      client = null;
      throw room;
    } finally {
      client?.release();
    }
  }
}
