/**
 * Keeps one tile's delay bounded. JSMpeg decodes at most one picture per call and never drops,
 * so when the machine falls behind, pictures pile up in its buffer and the tile shows an ever
 * older past while looking live. The governor timestamps every picture with the time the core
 * sent it (falling back to its arrival), pairs those with decodes, and when the oldest
 * undecoded picture is older than `maxBacklogMs` it
 * tells the player to drop everything buffered and start again at the next keyframe. The tile is
 * flagged degraded meanwhile and for a while after, so the operator knows frames were skipped.
 *
 * Under overload every picture may arrive later than the bound. Dropping them all would leave the
 * tile blank while its stream is live, so a tile that has shown nothing for `starvedMs` restarts
 * on the next keyframe however late it is, and that first picture is always decoded: the tile
 * shows its freshest picture at a lower rate, marked degraded, never nothing.
 *
 * Timing from the send, not from the socket handler, matters on a loaded machine: there a socket
 * message can wait in the page's task queue for hundreds of milliseconds before its handler runs,
 * and a governor starting its clock in the handler would keep decoding a past it believes fresh.
 *
 * Pure (time is passed in) so the policy is unit-tested; the player does the decoding.
 */

/** What to do with an incoming chunk. */
export type ChunkAction = 'feed' | 'discard' | 'restart';

/** Tuning; defaults are the product's values. */
export interface DelayGovernorOptions {
  /** Backlog (age of the oldest undecoded picture) beyond which buffered data is dropped. */
  maxBacklogMs?: number;
  /** How long a tile stays flagged degraded after its last drop. */
  degradedHoldMs?: number;
  /** How many recent delay samples the percentiles use at most. */
  sampleWindow?: number;
  /** How far back (ms) the percentiles look: a tile showing one picture a second must not report the start-up's delays a minute later. */
  sampleMaxAgeMs?: number;
  /** After this long without a decoded picture, a late keyframe is still a restart point. */
  starvedMs?: number;
}

/** Figures shown on the tile (fps, delay) and read by tests. */
export interface DelayStats {
  /** Pictures decoded during the last second. */
  fps: number;
  /** Median and 95th percentile of the send → decode delay over recent pictures, ms. */
  delayP50: number | null;
  delayP95: number | null;
  /** Age of the oldest picture still waiting, ms (0 when none). */
  backlogMs: number;
  drops: number;
  degraded: boolean;
  /** Pictures received and pictures decoded since the player started (their gap was dropped). */
  receivedTotal: number;
  decodedTotal: number;
  /** How far behind the camera the core produced the latest picture (its header says), ms. */
  sourceLagMs: number;
  /** Camera → screen, 95th percentile: the send → decode delay plus the source lag, ms. */
  cameraDelayP95: number | null;
  /**
   * The picture is further behind the camera than MAX_SOURCE_LAG_MS, whatever stage the lag is
   * in: the tile must say so, even if this window decodes every picture on time.
   */
  behind: boolean;
}

/** Default backlog bound: about four frames at the grid's 12.5 fps. */
export const MAX_BACKLOG_MS = 300;
/** Default age limit of the delay samples behind the tile's figures. */
export const SAMPLE_MAX_AGE_MS = 10_000;
/**
 * Default time a tile stays degraded after a drop: long enough to be noticed from the desk, and
 * as long as its delay figure still counts the late pictures (samples live this long), so a tile
 * never shows a delay over its bound without saying « Dégradé ».
 */
export const DEGRADED_HOLD_MS = SAMPLE_MAX_AGE_MS;
/**
 * Source lag beyond which a tile says it is behind the camera: the core or its ffmpeg cannot
 * keep up. Dropping in the window cannot help (the pictures arrive late already), so the tile
 * only says it, with the figure.
 */
export const MAX_SOURCE_LAG_MS = 1_000;
/** Default starvation time: a tile shows at least a picture a second, or per GOP if longer. */
export const STARVED_MS = 1_000;

export class DelayGovernor {
  private readonly maxBacklogMs: number;
  private readonly degradedHoldMs: number;
  private readonly sampleWindow: number;
  private readonly sampleMaxAgeMs: number;
  private readonly starvedMs: number;
  /** Page time of the last decoded picture (what the tile shows), -Infinity before any. */
  private lastDecodeAt = Number.NEGATIVE_INFINITY;
  /** Set by a restart until its first picture is decoded: that picture is never dropped. */
  private awaitingFirst = true;
  private receivedTotal = 0;
  private decodedTotal = 0;
  /** Arrival times of pictures not decoded yet, oldest first, from `head`. */
  private arrivals: number[] = [];
  private head = 0;
  private skipping = false;
  private lastDropAt: number | null = null;
  /** Recent delays with their decode times, oldest first. */
  private samples: { at: number; delay: number }[] = [];
  /** Pictures decoded, over the last second (the tile's fps). */
  private readonly decoded = new PerSecond();
  /** Pictures received, decoded or not, over the last second (the stream's real rate). */
  private readonly received = new PerSecond();
  /** Times buffered data was dropped since creation. */
  drops = 0;
  /** The source lag the latest chunk's header carried, ms. */
  private sourceLagMs = 0;

  constructor(options: DelayGovernorOptions = {}) {
    this.maxBacklogMs = options.maxBacklogMs ?? MAX_BACKLOG_MS;
    this.degradedHoldMs = options.degradedHoldMs ?? DEGRADED_HOLD_MS;
    this.sampleWindow = options.sampleWindow ?? 60;
    this.sampleMaxAgeMs = options.sampleMaxAgeMs ?? SAMPLE_MAX_AGE_MS;
    this.starvedMs = options.starvedMs ?? STARVED_MS;
  }

  /** Pictures waiting to be decoded, as far as the governor knows. */
  get pending(): number {
    return this.arrivals.length - this.head;
  }

  /** True while waiting for a keyframe after a drop. */
  get isSkipping(): boolean {
    return this.skipping;
  }

  /**
   * Decides the fate of a chunk holding `pictures` picture starts, sent by the core at `sentAt`
   * (page clock; its arrival time when unknown). While skipping, chunks are discarded until a
   * keyframe chunk, which restarts the decoder. A backlog found here (e.g. the page was hidden
   * and decoding stopped) starts skipping at once, so memory stays bounded even when no
   * animation frame runs. A keyframe already too old to show is no restart point either, unless
   * the tile is starved (nothing decoded for `starvedMs`): then it restarts all the same.
   */
  onChunk(
    now: number,
    pictures: number,
    keyframe: boolean,
    sentAt: number = now,
    sourceLagMs = 0,
  ): ChunkAction {
    const sent = Math.min(sentAt, now);
    this.sourceLagMs = sourceLagMs;
    this.received.add(now, pictures);
    this.receivedTotal += pictures;
    const late = now - sent > this.maxBacklogMs;
    if (!this.skipping) this.checkBacklog(now);
    if (!this.skipping && pictures > 0 && late) this.startSkipping(now);
    if (this.skipping) {
      const starved = now - this.lastDecodeAt >= this.starvedMs;
      if (!keyframe || (late && !starved)) return 'discard';
      this.skipping = false;
      // A late restart still counts as a drop: the tile stays marked degraded.
      if (late) this.lastDropAt = now;
      this.clearArrivals();
      this.awaitingFirst = true;
      this.record(sent, pictures);
      return 'restart';
    }
    this.record(sent, pictures);
    return 'feed';
  }

  /** A picture was decoded: pairs it with the oldest arrival; returns its delay (ms) if known. */
  onDecode(now: number): number | null {
    this.decoded.add(now, 1);
    this.decodedTotal += 1;
    this.lastDecodeAt = now;
    this.awaitingFirst = false;
    if (this.pending === 0) return null;
    const arrival = this.arrivals[this.head] ?? now;
    this.head += 1;
    if (this.head > 256 && this.head * 2 > this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.head);
      this.head = 0;
    }
    const delay = Math.max(0, now - arrival);
    this.samples.push({ at: now, delay });
    if (this.samples.length > this.sampleWindow) this.samples.shift();
    return delay;
  }

  /**
   * The decoder had nothing to decode: whatever the governor still counts is not in the decoder
   * (at most the newest picture, whose last packets may still be on the way). Resynchronising
   * here means a miscount can never turn into a false backlog.
   */
  onIdle(): void {
    if (this.pending > 1) {
      this.arrivals = this.arrivals.slice(-1);
      this.head = 0;
    }
  }

  /**
   * Checks the backlog after decoding; true means "drop now": the caller stops the decoder (its
   * last picture stays on screen) and waits for the next keyframe.
   */
  checkBacklog(now: number): boolean {
    if (this.skipping || this.pending === 0) return false;
    // The first picture after a restart never counts: it is shown, however late it came.
    const oldest = this.arrivals[this.head + (this.awaitingFirst ? 1 : 0)];
    if (oldest === undefined || now - oldest <= this.maxBacklogMs) return false;
    this.startSkipping(now);
    return true;
  }

  private startSkipping(now: number): void {
    this.skipping = true;
    this.drops += 1;
    this.lastDropAt = now;
    this.clearArrivals();
  }

  /**
   * A new decoder starts (stream restart, profile switch): nothing is pending any more, and its
   * first picture will be shown.
   */
  reset(): void {
    this.sourceLagMs = 0;
    this.skipping = false;
    this.awaitingFirst = true;
    this.clearArrivals();
  }

  /**
   * The stream changed nature (into or out of an instant replay): the drops and delays of the
   * other one say nothing about this one, so the « Dégradé » hold and the delay figures restart.
   */
  forgetDrops(): void {
    this.lastDropAt = null;
    this.samples = [];
  }

  /** Whether the tile must say its picture skipped frames (now, or within the hold time). */
  isDegraded(now: number): boolean {
    return this.skipping || (this.lastDropAt !== null && now - this.lastDropAt < this.degradedHoldMs);
  }

  /** Age of the oldest undecoded picture. */
  backlogMs(now: number): number {
    return this.pending === 0 ? 0 : Math.max(0, now - (this.arrivals[this.head] ?? now));
  }

  /**
   * Pictures received during the last second, whether decoded or dropped: the rate the stream
   * really runs at. The sequence header cannot say: MPEG-1 has no 12.5 fps code, so a grid
   * stream announces its camera's rate.
   */
  receiveRate(now: number): number {
    return this.received.count(now);
  }

  /** Current figures for the overlay. */
  stats(now: number): DelayStats {
    while ((this.samples[0]?.at ?? now) < now - this.sampleMaxAgeMs) this.samples.shift();
    const sorted = this.samples.map((sample) => sample.delay).sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length === 0
        ? null
        : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null);
    const fps = this.decoded.count(now);
    const delayP95 = at(0.95);
    return {
      fps,
      delayP50: at(0.5),
      delayP95,
      backlogMs: this.backlogMs(now),
      drops: this.drops,
      degraded: this.isDegraded(now),
      receivedTotal: this.receivedTotal,
      decodedTotal: this.decodedTotal,
      sourceLagMs: this.sourceLagMs,
      cameraDelayP95: delayP95 === null ? null : delayP95 + this.sourceLagMs,
      behind: this.sourceLagMs > MAX_SOURCE_LAG_MS,
    };
  }

  private record(now: number, pictures: number): void {
    for (let i = 0; i < pictures; i += 1) this.arrivals.push(now);
  }

  private clearArrivals(): void {
    this.arrivals = [];
    this.head = 0;
  }
}

/** Events during the last second, e.g. pictures decoded or received (a rate, per second). */
class PerSecond {
  private readonly times: number[] = [];

  add(now: number, events: number): void {
    for (let i = 0; i < events; i += 1) this.times.push(now);
    while ((this.times[0] ?? now) <= now - 1000) this.times.shift();
  }

  count(now: number): number {
    let count = 0;
    for (const t of this.times) if (t > now - 1000) count += 1;
    return count;
  }
}
