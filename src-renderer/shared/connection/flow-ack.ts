/**
 * At most this often the window tells the core which frames it has handled. Each ack is a tiny
 * text message; 20 a second per window keep the core's view of the window's lag within 50 ms.
 */
export const ACK_INTERVAL_MS = 50;

/** Clock and timer hooks, injectable for tests. */
export interface AckScheduler {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const defaultScheduler: AckScheduler = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Acknowledges video frames to the core, by echoing the send stamp of the latest frame handled.
 *
 * Why: the core cannot see a window that reads slowly, since loopback's kernel buffers absorb
 * megabytes; the acks are how it learns the window is behind and skips to keyframes (see the
 * core's video-flow.ts). An ack goes at once when the last one is older than the interval, so a
 * window whose timers are throttled still acknowledges as it reads; a trailing timer sends the
 * last stamp of a burst.
 */
export class FlowAck {
  private latest: number | null = null;
  private lastAckAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;

  constructor(
    private readonly send: (sentAt: number) => void,
    private readonly scheduler: AckScheduler = defaultScheduler,
    private readonly intervalMs = ACK_INTERVAL_MS,
  ) {}

  /** A frame stamped `sentAt` (the core's clock, as in its header) was handled. */
  note(sentAt: number): void {
    if (this.latest === null || sentAt > this.latest) this.latest = sentAt;
    const wait = this.intervalMs - (this.scheduler.now() - this.lastAckAt);
    if (wait <= 0) this.flush();
    else if (this.timer === null) this.timer = this.scheduler.setTimer(() => this.flush(), wait);
  }

  /** A new socket (maybe a new core, with another clock): forget what the old one sent. */
  reset(): void {
    if (this.timer !== null) this.scheduler.clearTimer(this.timer);
    this.timer = null;
    this.latest = null;
    this.lastAckAt = Number.NEGATIVE_INFINITY;
  }

  private flush(): void {
    if (this.timer !== null) this.scheduler.clearTimer(this.timer);
    this.timer = null;
    if (this.latest === null) return;
    const sentAt = this.latest;
    this.latest = null;
    this.lastAckAt = this.scheduler.now();
    this.send(sentAt);
  }
}
