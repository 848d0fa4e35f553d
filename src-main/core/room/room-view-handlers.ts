import type {
  ApiMethodName,
  ExportResult,
  RoomAcknowledgement,
  RoomEntryRef,
  Shift,
} from '../../../src-shared/contract';
import type { OtherSeatHandover } from '../logbook/room-handovers';
import type { ApiHandlers } from '../api/api-handlers';
import { outcomeOf, ServiceError } from '../api/service-result';
import { log } from '../log/logger';
import { entriesCsv } from '../logbook/logbook-export';
import type { RoomConnectionSettings } from './room-connection';
import { RoomError } from './room-errors';
import { RoomFeed, touchedEntries, type RoomFeedOptions } from './room-feed';
import { RoomViews } from './room-views';

/**
 * The room's screens as API methods (`room.today`, `room.open`, `room.search`, `room.entries`,
 * `room.entry`, `room.export`, `room.shifts`), the handover across seats (`room.acknowledge`),
 * and the feed that tells windows which entries changed.
 *
 * Why a room failure is `unavailable` with the room's code as its reason: the window words a
 * refusal from the contract's codes, and "the room's server does not answer" is, for the
 * operator, the room being unavailable while the local logbook still works; the stable room code
 * (`room-unreachable`, `room-credentials`…) stays in `reason` for the French sentence and IT.
 * Without a `room` section every method answers `unsupported` / `room-not-configured`: a window
 * that asks anyway (an old renderer, a test) gets a clear refusal, never a hang.
 */

export type RoomViewMethod =
  | 'room.today'
  | 'room.open'
  | 'room.search'
  | 'room.entries'
  | 'room.entry'
  | 'room.export'
  | 'room.shifts'
  | 'room.acknowledge';
export type RoomViewHandlers = Pick<ApiHandlers, RoomViewMethod>;

/** What `room.export` draws: a CSV ready to be recorded in this seat's chain. */
export interface RoomExportDocument {
  bytes: Buffer;
  format: 'csv';
  requester: string;
  reason: string;
  filter: string;
  count: number;
  text: string;
  prefix: string;
}

/**
 * Records a document in this seat's local chain for the operator on duty allowed to call
 * `method` (the logbook's `recordExternalExport`, given by the core); throws a ServiceError.
 */
export type RoomExportRecorder = (
  method: ApiMethodName,
  draw: (now: Date) => Promise<RoomExportDocument>,
) => Promise<ExportResult>;

/** Another seat's handover as the room holds it: what the acknowledgement here names. */
export type TakenOverHandover = OtherSeatHandover;

/**
 * Writes in this seat's local chain, for the operator logged in here (the logbook's, given by
 * the core): the acknowledgement of another seat's handover and this seat's new shift. Throws a
 * ServiceError (not logged in, shift open, own handover, a handover waiting here…).
 */
export type RoomAcknowledgeRecorder = (
  write: TakenOverHandover,
  remark: string,
) => Promise<{ acknowledgement: Omit<RoomAcknowledgement, 'seat'> | null; shift: Shift }>;

/** A room failure as the window's refusal; bad input and the logbook's refusals pass as they are. */
function refusal(error: unknown): unknown {
  if (error instanceof RoomError) {
    return new ServiceError('unavailable', `room: ${error.message}`, undefined, { reason: error.code });
  }
  return error;
}

function answer<T>(method: RoomViewMethod, work: () => Promise<T>) {
  return outcomeOf(method, async () => {
    try {
      return await work();
    } catch (error) {
      throw refusal(error);
    }
  });
}

/** The handlers over this seat's room views. */
export function roomViewHandlers(
  /** The views now; throws a RoomError when the seat cannot read the room (no password…). */
  viewsNow: () => RoomViews,
  options: {
    now?: () => Date;
    recordExport: RoomExportRecorder | null;
    /** This seat's name in the room (an acknowledgement written here says it). */
    seat: string;
    acknowledge?: RoomAcknowledgeRecorder | null;
  },
): RoomViewHandlers {
  const now = options.now ?? (() => new Date());
  return {
    'room.shifts': () => answer('room.shifts', () => viewsNow().shiftState(now())),
    'room.acknowledge': ({ seat, handoverId, remark }) =>
      answer('room.acknowledge', async () => {
        const acknowledge = options.acknowledge;
        if (!acknowledge) throw new ServiceError('unavailable', 'the local logbook is not open');
        if (seat === options.seat) {
          throw new ServiceError(
            'conflict',
            'this seat acknowledges its own handover with shifts.acknowledge',
            undefined,
            {
              reason: 'handover-own-seat',
            },
          );
        }
        // Read from the room first: no room, no takeover (the handover is only known there).
        const { handover, hash } = await viewsNow().handoverToTakeOver(seat, handoverId);
        const written = await acknowledge(
          { seat, id: handover.id, hash, operatorBadge: handover.operator.badge },
          remark,
        );
        const ack = written.acknowledgement;
        return {
          handover: { ...handover, acknowledgement: ack ? { ...ack, seat: options.seat } : null },
          shift: written.shift,
        };
      }),
    'room.today': (params) => answer('room.today', () => viewsNow().today(now(), params)),
    'room.open': (params) => answer('room.open', () => viewsNow().open(now(), params)),
    'room.search': (params) => answer('room.search', () => viewsNow().search(params, now())),
    'room.entries': ({ refs }) => answer('room.entries', () => viewsNow().entries(refs)),
    'room.entry': (ref) => answer('room.entry', () => viewsNow().entry(ref)),
    'room.export': (params) =>
      answer('room.export', async () => {
        const record = options.recordExport;
        if (!record) throw new ServiceError('unavailable', 'the local logbook is not open');
        const views = viewsNow();
        let roomHeads: { seat: string; seq: number; hash: string }[] = [];
        const result = await record('room.export', async (at) => {
          const source = await views.exportSource(params.filter, at);
          roomHeads = source.heads;
          const text = entriesCsv(
            source.items.map((item) => ({ ...item, poste: item.entry.seat })),
            params.csvDelimiter,
          );
          return {
            bytes: Buffer.from(text, 'utf8'),
            format: 'csv',
            requester: params.requester,
            reason: params.reason,
            filter: JSON.stringify({ room: true, ...params.filter }),
            count: source.items.length,
            text,
            prefix: 'main-courante-salle',
          };
        });
        return { ...result, roomHeads };
      }),
  };
}

/** The handlers of a seat without a room: each method refuses, saying the room is not configured. */
export function roomNotConfiguredHandlers(): RoomViewHandlers {
  const refuse = (method: RoomViewMethod) => () =>
    outcomeOf(method, () => {
      throw new ServiceError('unsupported', 'this seat has no room section in its config', undefined, {
        reason: 'room-not-configured',
      });
    });
  return {
    'room.today': refuse('room.today'),
    'room.open': refuse('room.open'),
    'room.search': refuse('room.search'),
    'room.entries': refuse('room.entries'),
    'room.entry': refuse('room.entry'),
    'room.export': refuse('room.export'),
    'room.shifts': refuse('room.shifts'),
    'room.acknowledge': refuse('room.acknowledge'),
  };
}

/**
 * This seat's reading side of the room: the views' pool and the feed's listening connection,
 * started and stopped together, and the entries every batch of records touched handed to
 * `onChanged` listeners (the core pushes them to windows as `room-changed`, ids only).
 */
export class RoomReading {
  readonly views: RoomViews;
  private readonly feed: RoomFeed;
  private readonly listeners = new Set<(refs: RoomEntryRef[]) => void>();

  constructor(connection: RoomConnectionSettings, feed: Omit<RoomFeedOptions, 'connection'> = {}) {
    this.views = new RoomViews({
      ...connection,
      applicationName: `${connection.applicationName ?? 'vigie'} views`,
    });
    this.feed = new RoomFeed({
      ...feed,
      connection: { ...connection, applicationName: `${connection.applicationName ?? 'vigie'} feed` },
    });
    this.feed.onRecords((records) => {
      const refs = touchedEntries(records);
      if (refs.length === 0) return;
      for (const listener of this.listeners) {
        try {
          listener(refs);
        } catch (error) {
          log.error(`room changes listener failed: ${String(error)}`);
        }
      }
    });
  }

  /** Called with the entries (seat, id) a batch of records touched; returns the unsubscribe. */
  onChanged(listener: (refs: RoomEntryRef[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.views.start();
    this.feed.start();
  }

  async stop(): Promise<void> {
    await this.feed.stop();
    await this.views.stop();
  }

  feedStatus() {
    return this.feed.status();
  }
}
