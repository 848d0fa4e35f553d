import type { StreamProfile } from '../../../src-shared/contract';
import { log } from '../log/logger';
import type { ProcessLedger } from '../relay/process-ledger';
import type { StreamTuning } from '../relay/supervised-ffmpeg';
import { cutSpan, encodeClip, type ClipCut } from './clip-encoder';
import { ReplayBuffer, type ReplayBudget } from './replay-buffer';
import { ReplayPlayer, type ReplayPlayerOptions } from './replay-player';

/** A camera source as the relay lets the replay read it (RelayService satisfies this). */
export interface ReplaySource {
  key: string;
  cameraId: string;
  variant: 'main' | 'sub';
  observe(listener: (data: Buffer, flags: number) => void): () => void;
}

/** What the replay needs of the relay: its sources, which one a profile reads, the camera's mask. */
export interface ReplaySourceHub {
  onSourceOpened(listener: (source: ReplaySource) => void): () => void;
  sourceKeyFor(cameraId: string, profile: StreamProfile): string;
  maskFileFor(cameraId: string): string | null;
}

/** The replay's bounds; the config's `replay` section (see config-schema.ts). */
export interface ReplayOptions {
  /** Seconds kept per camera stream (default 120). */
  seconds: number;
  /** Bytes one camera stream may hold (default 64 MiB: 120 s of a 4 Mbit/s main stream). */
  maxBytesPerCamera: number;
  /** Bytes every camera stream together may hold (default 1 GiB). */
  maxBytesTotal: number;
}

export const DEFAULT_REPLAY: ReplayOptions = {
  seconds: 120,
  maxBytesPerCamera: 64 * 1024 * 1024,
  maxBytesTotal: 1024 * 1024 * 1024,
};

/** What the socket sessions need to open a replay on a slot (the server's view of this service). */
export interface ReplayControl {
  /**
   * A player for `profile` of `cameraId` starting at the last keyframe at or before `at`, or null
   * when nothing of that camera is buffered. The caller owns it (pause, seek, stop).
   */
  open(
    cameraId: string,
    profile: StreamProfile,
    at: number,
    callbacks: Pick<ReplayPlayerOptions, 'deliver' | 'onChange'>,
  ): ReplayPlayer | null;
  /** What is buffered of the stream `profile` of `cameraId` replays, for the scrub bar. */
  span(cameraId: string, profile: StreamProfile): { from: number; to: number } | null;
}

/**
 * Every camera stream's replay buffer, fed from the relay's own camera sources (no second RTSP
 * session: a buffer only observes a source the wall already opened, and never keeps it open),
 * and the players that replay them. Memory only; bounded per stream and in total, oldest GOP
 * first across every camera. A buffer outlives its source's session until its content ages out,
 * so a tile switched away and back can still rewind.
 */
export class ReplayService implements ReplayControl {
  private readonly buffers = new Map<string, ReplayBuffer>();
  private readonly observing = new Map<string, () => void>();
  private readonly players = new Set<ReplayPlayer>();
  private readonly budget: ReplayBudget = { bytes: 0 };
  private unsubscribe: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly hub: ReplaySourceHub,
    private readonly options: ReplayOptions,
    private readonly tuning: StreamTuning,
    private readonly ledger: ProcessLedger | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bytes every buffer holds together (always at most `maxBytesTotal` after each chunk). */
  get totalBytes(): number {
    return this.budget.bytes;
  }

  get limits(): ReplayOptions {
    return this.options;
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.hub.onSourceOpened((source) => this.attach(source));
    // Buffers of closed sources get no chunk to trim them: age them out here.
    this.sweeper = setInterval(() => {
      const now = this.now();
      for (const [key, buffer] of this.buffers) {
        buffer.trim(now);
        if (buffer.newest && buffer.newest.endAt < now - this.options.seconds * 1000) buffer.clear();
        if (!buffer.newest && !this.observing.has(key)) this.buffers.delete(key);
      }
    }, 1000);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const stop of this.observing.values()) stop();
    this.observing.clear();
    await Promise.all([...this.players].map((player) => player.stop()));
    this.players.clear();
    for (const buffer of this.buffers.values()) buffer.clear();
    this.buffers.clear();
  }

  /** One stream's buffer by source key (`<camera>/<main|sub>`), for tests and the bench. */
  buffer(key: string): ReplayBuffer | null {
    return this.buffers.get(key) ?? null;
  }

  /** Every buffer's figures, for diagnostics. */
  stats(): { key: string; bytes: number; gops: number; seconds: number; evictions: number }[] {
    return [...this.buffers.values()].map((buffer) => {
      const span = buffer.span();
      return {
        key: buffer.key,
        bytes: buffer.bytes,
        gops: buffer.all.length,
        seconds: span ? (span.to - span.from) / 1000 : 0,
        evictions: buffer.evictions,
      };
    });
  }

  span(cameraId: string, profile: StreamProfile): { from: number; to: number } | null {
    return this.bufferFor(cameraId, profile)?.span() ?? null;
  }

  open(
    cameraId: string,
    profile: StreamProfile,
    at: number,
    callbacks: Pick<ReplayPlayerOptions, 'deliver' | 'onChange'>,
  ): ReplayPlayer | null {
    const buffer = this.bufferFor(cameraId, profile);
    if (!buffer) return null;
    const player = new ReplayPlayer({
      buffer,
      cameraId,
      profile,
      mask: () => this.hub.maskFileFor(cameraId),
      tuning: this.tuning,
      ledger: this.ledger,
      ...callbacks,
      onStopped: () => this.players.delete(player),
    });
    if (!player.start(at)) return null;
    this.players.add(player);
    return player;
  }

  /**
   * An evidence clip of `cameraId` between `from` and `to` (epoch ms): the span cut from the
   * camera's main stream if it is buffered (else its sub-stream), encoded to MP4 with the
   * camera's current masks and the caption (asked once the exact span is known) burnt in. Null when nothing of the span is buffered.
   */
  async clip(
    cameraId: string,
    from: number,
    to: number,
    caption: (span: { from: number; to: number }) => readonly [string, string],
  ): Promise<{ mp4: Buffer; cut: Omit<ClipCut, 'ts'>; masked: boolean; variant: 'main' | 'sub' } | null> {
    for (const variant of ['main', 'sub'] as const) {
      const buffer = this.buffers.get(`${cameraId}/${variant}`);
      const cut = buffer ? cutSpan(buffer, from, to) : null;
      if (!cut) continue;
      const mask = this.hub.maskFileFor(cameraId);
      const mp4 = await encodeClip({ cut, mask, lines: caption(cut) });
      return { mp4, cut: { from: cut.from, to: cut.to, chunks: cut.chunks }, masked: mask !== null, variant };
    }
    return null;
  }

  /** The buffer a profile replays: the stream it shows live, else the camera's other stream. */
  private bufferFor(cameraId: string, profile: StreamProfile): ReplayBuffer | null {
    const preferred = this.buffers.get(this.hub.sourceKeyFor(cameraId, profile));
    if (preferred?.newest) return preferred;
    for (const variant of ['sub', 'main'] as const) {
      const other = this.buffers.get(`${cameraId}/${variant}`);
      if (other?.newest) return other;
    }
    return null;
  }

  private attach(source: ReplaySource): void {
    this.observing.get(source.key)?.();
    let buffer = this.buffers.get(source.key);
    if (!buffer) {
      buffer = new ReplayBuffer(
        source.key,
        source.cameraId,
        source.variant,
        { seconds: this.options.seconds, maxBytes: this.options.maxBytesPerCamera },
        this.budget,
      );
      this.buffers.set(source.key, buffer);
    }
    const target = buffer;
    this.observing.set(
      source.key,
      source.observe((data, flags) => {
        target.push(data, flags, this.now());
        if (this.budget.bytes > this.options.maxBytesTotal) this.evictShared();
      }),
    );
    log.info(`replay ${source.key}: buffering the last ${this.options.seconds} s in memory`);
  }

  /** Over the shared bound: drop the oldest GOP of all cameras until under it. */
  private evictShared(): void {
    while (this.budget.bytes > this.options.maxBytesTotal) {
      let oldest: ReplayBuffer | null = null;
      for (const buffer of this.buffers.values()) {
        // A stream's only GOP is its current picture: taken last.
        if (buffer.all.length < 2) continue;
        if (!oldest || (buffer.oldest?.startAt ?? Infinity) < (oldest.oldest?.startAt ?? Infinity))
          oldest = buffer;
      }
      if (!oldest) {
        for (const buffer of this.buffers.values())
          if (buffer.oldest && (!oldest || buffer.oldest.startAt < (oldest.oldest?.startAt ?? Infinity)))
            oldest = buffer;
      }
      if (!oldest) return;
      oldest.evictOldest();
    }
  }
}
