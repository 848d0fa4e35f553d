import path from 'node:path';
import type { ApiHandlers } from '../api/api-handlers';
import { outcomeOf } from '../api/service-result';
import type { RoomConfig } from '../config/config-schema';
import type { SecretCipher } from '../credentials/secret-cipher';
import { log } from '../log/logger';
import type { RoomStatus } from '../../../src-shared/contract';
import { closeRoom, connectRoom, type RoomConnectionSettings } from './room-connection';
import { readRoomPassword } from './room-credentials';
import { RoomError, roomErrorOf, type RoomErrorCode } from './room-errors';
import { RoomOperatorSync, type OperatorCache } from './room-operators';
import { RoomReplicator, type RoomReplicatorOptions } from './room-replicator';
import { RoomChainAudit, type RoomAuditOptions } from './room-audit';
import type { RoomFeedOptions } from './room-feed';
import type { RoomViews } from './room-views';
import {
  RoomReading,
  roomNotConfiguredHandlers,
  roomViewHandlers,
  type RoomAcknowledgeRecorder,
  type RoomExportRecorder,
  type RoomViewHandlers,
} from './room-view-handlers';

/**
 * This seat's membership of the room, as the core composes it: the replicator of its local chain
 * to the room's PostgreSQL, and the status every window shows.
 *
 * Why it never throws at start: the local SQLite logbook is the record of first write, and an
 * operator must never be stopped because the room's server is down, its password file missing or
 * its schema of another version. Each of those is a status (`refused` or `retrying`) with a clear
 * reason, logged once, shown in the main courante's header; the seat keeps logging locally and
 * catches up when IT fixes it (a restart for refusals, by itself for a server that comes back).
 */

export interface RoomServiceOptions {
  room: RoomConfig;
  dataDir: string;
  /** The workstation name: the seat's name when the config gives none. */
  workstation: string;
  /** The seat's local `logbook/logbook.sqlite`. */
  logbookFile: string;
  /** The config file's folder: a relative `passwordFile` is relative to it. */
  configDir: string | null;
  /** Electron's safeStorage for a sealed password; null on the Node host. */
  cipher: SecretCipher | null;
  nativeBinding?: string;
  /** The local operator list, kept in step with the room's (room-operators.ts); none: not synced. */
  operators?: () => OperatorCache | null;
  /** How often the operator lists are merged (default 5 s). */
  operatorSyncMs?: number;
  /** Replication timings (tests shorten the retry). */
  replication?: Partial<Pick<RoomReplicatorOptions, 'batchSize' | 'pollIntervalMs' | 'retry'>>;
  /** Records `room.export`'s CSV in the local chain (the logbook's); none: export refused. */
  recordExport?: RoomExportRecorder;
  /** Writes another seat's handover taken over here in the local chain; none: room.acknowledge refused. */
  acknowledge?: RoomAcknowledgeRecorder;
  /** Live feed timings (tests shorten the retry). */
  feed?: Omit<RoomFeedOptions, 'connection' | 'from'>;
  /** Local chain vs replica check timings (room-audit.ts; tests shorten them). */
  audit?: Pick<RoomAuditOptions, 'intervalMs' | 'firstDelayMs'>;
}

type RoomHandlers = Pick<ApiHandlers, 'room.status'> & RoomViewHandlers;

/** Replication errors that say nothing about the copies (the server away, a refused login, no local file yet). */
const CALM_ERRORS = new Set(['room-unreachable', 'room-credentials', 'local-unavailable']);

/** The status of a seat without a `room` section: local only, nothing to report. */
export const LOCAL_ONLY_STATUS: RoomStatus = {
  configured: false,
  seat: null,
  state: 'stopped',
  connected: false,
  pending: 0,
  localHeadSeq: 0,
  lastReplicatedSeq: null,
  errorCode: null,
  divergence: null,
  lastSuccessAt: null,
  nextAttemptAt: null,
};

export class RoomService {
  readonly seat: string;
  private replicator: RoomReplicator | null = null;
  /** Set when the seat cannot even try (no password); the replicator's status otherwise. */
  private refusal: { code: RoomErrorCode; message: string } | null = null;
  private operatorTimer: NodeJS.Timeout | null = null;
  private operatorPass: Promise<void> | null = null;
  private operatorSync: { at: string | null; error: string | null } = { at: null, error: null };
  private settings: RoomConnectionSettings | null = null;
  /** The room views and the live feed (room-view-handlers.ts); null until started, or refused. */
  private reading: RoomReading | null = null;
  /** Re-verifies this seat's replica against its local chain now and then (room-audit.ts). */
  private audit: RoomChainAudit | null = null;
  private readonly changeListeners = new Set<(refs: { seat: string; id: number }[]) => void>();

  constructor(private readonly options: RoomServiceOptions) {
    this.seat = options.room.seat ?? options.workstation;
  }

  private connection(): RoomConnectionSettings {
    return roomSeatConnection({ ...this.options, seat: this.seat });
  }

  start(): void {
    let connection: RoomConnectionSettings;
    try {
      connection = this.connection();
    } catch (error) {
      const room = error instanceof RoomError ? error : new RoomError('room-password', String(error));
      this.refusal = { code: room.code, message: room.message };
      log.error(`room: seat "${this.seat}" does not replicate: ${room.message}`);
      return;
    }
    log.info(
      `room: seat "${this.seat}" replicates its main courante to ${connection.host}:${connection.port}/${connection.database}`,
    );
    this.replicator = new RoomReplicator({
      logbookFile: this.options.logbookFile,
      seat: this.seat,
      connection,
      ...this.options.replication,
      ...(this.options.nativeBinding === undefined ? {} : { nativeBinding: this.options.nativeBinding }),
    });
    this.replicator.start();
    this.audit = new RoomChainAudit({
      seat: this.seat,
      connection,
      logbookFile: this.options.logbookFile,
      ...this.options.audit,
      ...(this.options.nativeBinding === undefined ? {} : { nativeBinding: this.options.nativeBinding }),
    });
    this.audit.start();
    // A pass that ends oddly (anything but the server being away) is worth a full check now.
    this.replicator.onStatus((status) => {
      if (status.state === 'diverged' || (status.lastErrorCode && !CALM_ERRORS.has(status.lastErrorCode)))
        this.audit?.request();
    });
    this.settings = connection;
    this.reading = new RoomReading(connection, this.options.feed);
    this.reading.onChanged((refs) => {
      for (const listener of this.changeListeners) listener(refs);
    });
    this.reading.start();
    if (this.options.operators) this.scheduleOperatorSync(0);
  }

  /** Merges the operator lists now and then every `operatorSyncMs`; never overlapping passes. */
  private scheduleOperatorSync(delayMs: number): void {
    this.operatorTimer = setTimeout(() => {
      this.operatorPass = this.syncOperators().finally(() => {
        this.operatorPass = null;
        if (this.settings) this.scheduleOperatorSync(this.options.operatorSyncMs ?? 5000);
      });
    }, delayMs);
    this.operatorTimer.unref();
  }

  /** One merge on its own short-lived connection; a failure is a status, retried next time. */
  async syncOperators(): Promise<void> {
    const cache = this.options.operators?.();
    const settings = this.settings;
    if (!cache || !settings || this.replicator?.status().state === 'refused') return;
    let client = null;
    try {
      client = await connectRoom({ ...settings, applicationName: `vigie operators ${this.seat}` });
      await new RoomOperatorSync(cache, this.seat, this.options.dataDir).pass(client);
      this.operatorSync = { at: new Date().toISOString(), error: null };
    } catch (error) {
      const message = roomErrorOf(error, settings).message;
      if (this.operatorSync.error === null)
        log.warn(`room operators: seat "${this.seat}" could not sync (${message}); the local list serves`);
      this.operatorSync = { ...this.operatorSync, error: message };
    } finally {
      await closeRoom(client);
    }
  }

  /** A local record was written: replicate it now rather than at the next poll. */
  kick(): void {
    this.replicator?.kick();
  }

  async stop(): Promise<void> {
    this.settings = null;
    if (this.operatorTimer) clearTimeout(this.operatorTimer);
    await this.operatorPass;
    await this.replicator?.stop();
    this.replicator = null;
    await this.audit?.stop();
    this.audit = null;
    await this.reading?.stop();
    this.reading = null;
  }

  /** Entries (seat, id) any seat just wrote or changed, as the feed reads them; returns the unsubscribe. */
  onChanged(listener: (refs: { seat: string; id: number }[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The views, or the RoomError saying why this seat cannot read the room. */
  private viewsNow() {
    if (this.reading) return this.reading.views;
    throw new RoomError(
      this.refusal?.code ?? 'room-unreachable',
      this.refusal?.message ?? 'the room is not started',
    );
  }

  status(): RoomStatus {
    if (this.refusal) {
      return {
        ...LOCAL_ONLY_STATUS,
        configured: true,
        seat: this.seat,
        state: 'refused',
        errorCode: this.refusal.code,
      };
    }
    const status = this.replicator?.status();
    if (!status) return { ...LOCAL_ONLY_STATUS, configured: true, seat: this.seat };
    const audited = status.divergence ? null : (this.audit?.divergence() ?? null);
    return {
      configured: true,
      seat: status.seat,
      state: audited ? 'diverged' : status.state,
      connected: status.connected,
      pending: status.pending,
      localHeadSeq: status.localHeadSeq,
      lastReplicatedSeq: status.lastReplicatedSeq,
      errorCode: audited ? 'room-divergence' : status.lastErrorCode,
      divergence: status.divergence ?? audited,
      lastSuccessAt: status.lastSuccessAt,
      nextAttemptAt: status.nextAttemptAt,
    };
  }

  /** For IT's JSON route: the status plus the English reason (never a secret). */
  diagnostics(): RoomStatus & {
    error: string | null;
    operators: { syncedAt: string | null; error: string | null };
  } {
    return {
      ...this.status(),
      error:
        this.refusal?.message ??
        this.replicator?.status().lastError ??
        this.audit?.divergence()?.message ??
        null,
      operators: { syncedAt: this.operatorSync.at, error: this.operatorSync.error },
    };
  }

  /**
   * Whether this seat's waiting handover `handoverId` was taken over at another seat: the proof
   * the logbook's `shifts.open` needs to open after it, or null. Throws when the room cannot say
   * (not started, server away): the opening is then refused as without a room.
   */
  findTakeover(handoverId: number): ReturnType<RoomViews['handoverTakeover']> {
    return Promise.resolve().then(() => this.viewsNow().handoverTakeover(this.seat, handoverId));
  }

  handlers(): RoomHandlers {
    return {
      'room.status': () => outcomeOf('room.status', () => this.status()),
      ...roomViewHandlers(() => this.viewsNow(), {
        recordExport: this.options.recordExport ?? null,
        seat: this.seat,
        acknowledge: this.options.acknowledge ?? null,
      }),
    };
  }
}

/** The handlers of a seat without a room: the status says "local only". */
export function localOnlyRoomHandlers(): RoomHandlers {
  return {
    'room.status': () => outcomeOf('room.status', () => LOCAL_ONLY_STATUS),
    ...roomNotConfiguredHandlers(),
  };
}

/**
 * The connection a seat uses, its password read from its file or its sealed vault (throws a
 * `room-password` RoomError saying why not). The password stays in the returned settings, which
 * go only to the pg client: never logged, never sent to a window.
 */
export function roomSeatConnection(options: {
  room: RoomConfig;
  seat: string;
  dataDir: string;
  configDir: string | null;
  cipher: SecretCipher | null;
}): RoomConnectionSettings {
  const { postgres } = options.room;
  const password = readRoomPassword(postgres, {
    dataDir: options.dataDir,
    cipher: options.cipher,
    ...(options.configDir ? { baseDir: options.configDir } : {}),
  });
  return {
    host: postgres.host,
    port: postgres.port,
    database: postgres.database,
    user: postgres.user,
    password,
    applicationName: `vigie seat ${options.seat}`,
  };
}

/** The folder a relative `passwordFile` is read from: the config file's. */
export function configDirOf(configFile: string | null): string | null {
  return configFile ? path.dirname(path.resolve(configFile)) : null;
}
