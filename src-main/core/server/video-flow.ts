/**
 * Flow control for one window's socket: how much video the core may send a window that falls
 * behind, and when it must stop sending altogether.
 *
 * Why acknowledgements and not only `bufferedAmount`: `ws` counts only the bytes it could not
 * hand to the kernel yet. On loopback the kernel's socket buffers hold megabytes, so a window
 * that reads slowly (a saturated machine, four 16-tile windows on two cores) can fall tens of
 * seconds behind while `bufferedAmount` stays at zero. The renderer echoes the send stamp of the
 * frames it has handled (`ack`); the oldest frame not yet acknowledged tells how far behind the
 * window really is, whatever the bitrate and wherever the bytes wait.
 *
 * Policy per slot: a slot that is behind skips to its next keyframe (it never queues). A slot that
 * has sent nothing for `starvedMs` still sends its next keyframe, so under overload every tile keeps
 * showing its freshest picture at a lower rate (marked degraded by the renderer) instead of none.
 * A window that does not read at all is disconnected once `disconnectBytes` wait in `ws`.
 *
 * Pure (time and buffer sizes are passed in): the core's session and the wall bench's stand-in
 * server use the same policy, and it is unit-tested.
 */

/** Thresholds; the defaults are the product's values. */
export interface VideoFlowLimits {
  /** Bytes waiting in `ws` above which slots skip to their next keyframe. */
  skipBytes: number;
  /** Bytes waiting in `ws` above which the window is not reading at all: disconnect it. */
  disconnectBytes: number;
  /** Age of the oldest unacknowledged frame above which slots skip to their next keyframe. */
  maxLagMs: number;
  /** A slot that sent nothing for this long sends its next keyframe even while behind. */
  starvedMs: number;
}

/**
 * 250 ms of lag leaves the renderer's own 300 ms send → decode bound a margin for decoding;
 * 1.5 s of starvation gives each tile at least one fresh picture every GOP or two.
 */
export const DEFAULT_VIDEO_FLOW: VideoFlowLimits = {
  skipBytes: 1 << 20,
  disconnectBytes: 16 << 20,
  maxLagMs: 250,
  starvedMs: 1_500,
};

/** Unacknowledged stamps kept at most; past it the lag only grows, which is the safe side. */
const MAX_PENDING_STAMPS = 8_192;

/** One slot's part of the flow state. */
export interface SlotFlow {
  waitingForKeyframe: boolean;
  /** Core time of the slot's last frame sent, -Infinity before the first. */
  lastSentAt: number;
}

export type FlowDecision = 'send' | 'skip' | 'disconnect';

export class WindowFlow {
  /** Send stamps not acknowledged yet, oldest first from `head`; empty until the first ack. */
  private stamps: number[] = [];
  private head = 0;
  private acking = false;
  /** Frames skipped so far (all slots), for diagnostics and benchmarks. */
  skipped = 0;

  constructor(private readonly limits: VideoFlowLimits = DEFAULT_VIDEO_FLOW) {}

  /** A new slot's state. */
  slot(): SlotFlow {
    return { waitingForKeyframe: false, lastSentAt: Number.NEGATIVE_INFINITY };
  }

  /**
   * The window has handled every frame stamped up to `sentAt`. The first ack turns lag tracking
   * on: a client that never acknowledges (a test socket, a stale renderer) is governed by bytes only.
   */
  ack(sentAt: number): void {
    this.acking = true;
    while (this.head < this.stamps.length && (this.stamps[this.head] ?? 0) <= sentAt) this.head += 1;
    if (this.head === this.stamps.length) {
      this.stamps = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
  }

  /** Age of the oldest frame the window has not acknowledged, ms (0 when none). */
  lagMs(now: number): number {
    const oldest = this.stamps[this.head];
    return oldest === undefined ? 0 : Math.max(0, now - oldest);
  }

  /**
   * Whether a slot's frame goes out. `buffered` is the socket's `bufferedAmount`; on 'send' the
   * caller must stamp the frame with `now`.
   */
  decide(slot: SlotFlow, keyframe: boolean, buffered: number, now: number): FlowDecision {
    if (buffered > this.limits.disconnectBytes) return 'disconnect';
    if (slot.waitingForKeyframe && !keyframe) return this.skip();
    const behind = buffered > this.limits.skipBytes || this.lagMs(now) > this.limits.maxLagMs;
    const starved = keyframe && now - slot.lastSentAt >= this.limits.starvedMs;
    if (behind && !starved) {
      slot.waitingForKeyframe = true;
      return this.skip();
    }
    slot.waitingForKeyframe = false;
    slot.lastSentAt = now;
    if (this.acking && this.stamps.length - this.head < MAX_PENDING_STAMPS) this.stamps.push(now);
    return 'send';
  }

  private skip(): FlowDecision {
    this.skipped += 1;
    return 'skip';
  }
}
