import { SendClock } from './send-clock';
import {
  MAX_SLOT,
  VIDEO_FLAG_RESET,
  VIDEO_HEADER_BYTES,
  readVideoHeader,
  type PassthroughCodec,
  type ReplayStatus,
  type ServerMessage,
  type StreamProfile,
} from '../../../src-shared/contract';

/** Why the core refused a watch, as the contract spells it. */
export type WatchRefusedReason = Extract<ServerMessage, { type: 'watch-refused' }>['reason'];

/**
 * Receives one subscription's video: MPEG-TS payload (header stripped), the frame flags, and when
 * the core sent it, on the page's `performance.now()` clock (see send-clock.ts).
 */
export interface VideoSink {
  /** `sourceLagMs`: how far behind the camera the core produced this chunk (its header says). */
  onChunk(payload: ArrayBuffer, flags: number, sentAt: number, sourceLagMs: number): void;
  onRefused?(reason: WatchRefusedReason): void;
  /** The core's `replay-status` for this slot (instant replay, see replay-contract.ts). */
  onReplayStatus?(status: ReplayStatus): void;
}

/** What a slot stands for, kept so watches can be re-sent after a reconnect. */
export interface SlotSubscription {
  cameraId: string;
  profile: StreamProfile;
  sink: VideoSink;
  /** Codecs the tile decodes besides MPEG-1, re-sent with every watch. */
  accept?: PassthroughCodec[];
}

/**
 * Slot bookkeeping and binary-frame routing for one socket, free of any WebSocket so it can be
 * unit-tested with plain Uint8Arrays.
 *
 * Slots are handed out round-robin instead of reusing the lowest free number: after an unwatch,
 * frames already in flight for the old slot may still arrive, and a fresh subscription must never
 * receive (and try to decode) another camera's tail.
 */
export class SlotRouter {
  private readonly subscriptions = new Map<number, SlotSubscription>();
  private readonly pendingReset = new Set<number>();
  private readonly clock = new SendClock();
  private nextSlot = 0;

  /** Number of live subscriptions. */
  get size(): number {
    return this.subscriptions.size;
  }

  /** Reserves a slot for `subscription`; throws only if all 65 536 slots are taken. */
  allocate(subscription: SlotSubscription): number {
    for (let tries = 0; tries <= MAX_SLOT; tries += 1) {
      const slot = this.nextSlot;
      this.nextSlot = slot >= MAX_SLOT ? 0 : slot + 1;
      if (!this.subscriptions.has(slot)) {
        this.subscriptions.set(slot, subscription);
        return slot;
      }
    }
    throw new Error('no free video slot');
  }

  /** Frees a slot; later frames for it are dropped. Returns false if it was not allocated. */
  release(slot: number): boolean {
    this.pendingReset.delete(slot);
    return this.subscriptions.delete(slot);
  }

  get(slot: number): SlotSubscription | undefined {
    return this.subscriptions.get(slot);
  }

  /** Live subscriptions, so the connection can re-send every watch after a reconnect. */
  entries(): Array<[number, SlotSubscription]> {
    return [...this.subscriptions.entries()];
  }

  /**
   * After a reconnect the core starts each slot afresh, mid-way through whatever the decoder had
   * buffered: the next chunk of every slot is delivered with VIDEO_FLAG_RESET so tiles restart
   * their decoder instead of splicing two streams.
   */
  markAllForReset(): void {
    this.clock.reset();
    for (const slot of this.subscriptions.keys()) this.pendingReset.add(slot);
  }

  /**
   * Routes one binary socket message to its slot's sink. Returns false when the frame is malformed
   * or its slot is not (or no longer) subscribed. A throwing sink is logged, not propagated, so one
   * broken tile cannot stop the others.
   */
  dispatch(frame: Uint8Array, now: number = performance.now()): boolean {
    const header = readVideoHeader(frame);
    if (!header) return false;
    // Every well-formed frame teaches the clock, even one for a slot released meanwhile.
    const sentAt = this.clock.toLocal(header.sentAt, now);
    const subscription = this.subscriptions.get(header.slot);
    if (!subscription) return false;
    let flags = header.flags;
    if (this.pendingReset.delete(header.slot)) flags |= VIDEO_FLAG_RESET;
    const start = frame.byteOffset + VIDEO_HEADER_BYTES;
    const payload = frame.buffer.slice(start, frame.byteOffset + frame.byteLength) as ArrayBuffer;
    try {
      subscription.sink.onChunk(payload, flags, sentAt, header.sourceLagMs);
    } catch (error) {
      console.warn(`[vigie] video sink for slot ${header.slot} failed`, error);
    }
    return true;
  }

  /** Hands a `replay-status` to its slot's sink; false when the slot is not (or no longer) subscribed. */
  replayStatus(status: ReplayStatus): boolean {
    const subscription = this.subscriptions.get(status.slot);
    if (!subscription) return false;
    subscription.sink.onReplayStatus?.(status);
    return true;
  }

  /** Tells the slot's sink that the core refused the watch. */
  refuse(slot: number, reason: WatchRefusedReason): boolean {
    const subscription = this.subscriptions.get(slot);
    if (!subscription) return false;
    subscription.sink.onRefused?.(reason);
    return true;
  }
}
