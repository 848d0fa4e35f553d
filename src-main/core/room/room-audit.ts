import { log } from '../log/logger';
import type { RoomStatus } from '../../../src-shared/contract';
import { LocalChainReader } from './local-chain-reader';
import { closeRoom, connectRoom, type RoomConnectionSettings } from './room-connection';
import { roomErrorOf } from './room-errors';
import { compareSeatWithReplica, verifyRoomChains } from './room-verify';

/**
 * Checks, at a low rate, that the room's copy of this seat's chain is still the seat's own:
 * the replica re-verified on its own (every hash recomputed from the stored JSON) and then
 * compared record by record with the local chain.
 *
 * Why, besides the replicator's head check: the replicator only looks at the replica's last
 * record before sending the next ones, so a row changed further back on the server (a superuser
 * who switched the triggers off) would go unnoticed until IT ran `room verify`. The chef de
 * salle must see it in the room, with the seat and the record: the divergence is kept (sticky
 * until the seat restarts) since a copy that differed once is evidence for IT, whatever follows.
 *
 * A failed check (server down, local logbook not there yet) is only logged: it says nothing
 * about the copies, and the next check runs at the next interval.
 */

export type RoomAuditDivergence = NonNullable<RoomStatus['divergence']>;

export interface RoomAuditOptions {
  seat: string;
  connection: RoomConnectionSettings;
  logbookFile: string;
  /** Between two checks (default 10 min): a full re-verification reads the whole replica. */
  intervalMs?: number;
  /** Delay before the first check (default 30 s, after start-up's own work). */
  firstDelayMs?: number;
  nativeBinding?: string;
}

const REQUEST_SPACING_MS = 60_000;

export class RoomChainAudit {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private found: RoomAuditDivergence | null = null;
  private lastRequest = 0;
  private readonly listeners = new Set<(divergence: RoomAuditDivergence) => void>();

  constructor(private readonly options: RoomAuditOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.options.firstDelayMs ?? 30_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The divergence found, if any. */
  divergence(): RoomAuditDivergence | null {
    return this.found ? { ...this.found } : null;
  }

  /** Called once when a divergence is first found; returns the unsubscribe. */
  onDivergence(listener: (divergence: RoomAuditDivergence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Something looked odd (a replication pass failed strangely): check now rather than at the
   * next interval. At most once a minute: a pass failing the same way at every retry must not
   * turn a low-rate check into a loop over the whole replica.
   */
  request(): void {
    if (this.stopped || this.running || this.found) return;
    if (Date.now() - this.lastRequest < REQUEST_SPACING_MS) return;
    this.lastRequest = Date.now();
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.check()
        .then(() => undefined)
        .finally(() => {
          this.running = null;
          if (!this.stopped && !this.found) this.schedule(this.options.intervalMs ?? 600_000);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One check now; the divergence found (also kept), or null when the copies agree or it could not run. */
  async check(): Promise<RoomAuditDivergence | null> {
    const { seat } = this.options;
    let client = null;
    let reader: LocalChainReader | null = null;
    try {
      client = await connectRoom({ ...this.options.connection, applicationName: `vigie audit ${seat}` });
      reader = LocalChainReader.open(
        this.options.logbookFile,
        this.options.nativeBinding === undefined ? {} : { nativeBinding: this.options.nativeBinding },
      );
      const divergence = await findDivergence(client, reader, seat);
      if (divergence && !this.found) {
        this.found = divergence;
        log.error(`room audit: ${divergence.message}`);
        for (const listener of this.listeners) listener({ ...divergence });
      }
      return divergence;
    } catch (error) {
      log.warn(
        `room audit of seat "${seat}" could not run: ${roomErrorOf(error, this.options.connection).message}`,
      );
      return null;
    } finally {
      reader?.close();
      await closeRoom(client);
    }
  }
}

/** The replica verified on its own, then against the local chain; the first difference found. */
export async function findDivergence(
  client: Parameters<typeof verifyRoomChains>[0],
  reader: Pick<LocalChainReader, 'head' | 'hashAt'>,
  seat: string,
): Promise<RoomAuditDivergence | null> {
  const [report] = await verifyRoomChains(client, { seats: [seat] });
  const broken = report?.broken;
  // A gap only past the local head is records not sent yet, which the replicator handles.
  if (broken && !(broken.reason === 'sequence-gap' && broken.seq > (reader.head()?.seq ?? 0))) {
    return {
      seat,
      seq: broken.seq,
      reason: broken.reason,
      localHash: reader.hashAt(broken.seq),
      replicaHash: null,
      message: `${broken.message}: the room's copy no longer matches what the seat wrote`,
    };
  }
  return (await compareSeatWithReplica(client, reader, seat)).divergence;
}
