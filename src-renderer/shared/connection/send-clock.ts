/**
 * If the page clock's offset from the core's seems to grow by more than this, a clock changed
 * (the core restarted behind the same socket, a machine resumed oddly) rather than a frame
 * waited: no frame can honestly be this late, since tiles drop anything past a fraction of it.
 */
export const CLOCK_STEP_MS = 30_000;

/**
 * Maps the core's send times (its monotonic clock) onto this page's `performance.now()`.
 *
 * Why: a tile must bound its delay from the moment the core sent a picture, not from the moment
 * its socket handler ran; on a loaded machine the message itself may wait in the page's queue.
 * The two monotonic clocks differ by a constant offset. Core and page share one machine (the
 * server is loopback-only), so the smallest `received − sent` seen is that offset plus the
 * loopback's transit time, a fraction of a millisecond: the estimate only ever gets better, and
 * a page busy at start-up merely under-reports delays until its first prompt frame.
 */
export class SendClock {
  private offset = Number.POSITIVE_INFINITY;

  /** The page time at which the core sent a frame stamped `sentAt`, received at page time `now`. */
  toLocal(sentAt: number, now: number): number {
    const observed = now - sentAt;
    if (observed < this.offset || observed - this.offset > CLOCK_STEP_MS) this.offset = observed;
    return sentAt + this.offset;
  }

  /** A new connection (maybe a new core process, with another clock origin): learn again. */
  reset(): void {
    this.offset = Number.POSITIVE_INFINITY;
  }
}
