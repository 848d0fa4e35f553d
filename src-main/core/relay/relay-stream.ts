import {
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  type StreamProfile,
  type StreamReason,
  type StreamState,
  type StreamStatus,
} from '../../../src-shared/contract';
import { log } from '../log/logger';
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { FfmpegProcess, type FfmpegExit } from './ffmpeg-process';
import { classifyStderr } from './stderr-classifier';
import { TsChunker } from './ts-chunker';

/** Receives one stream's MPEG-TS chunks; implemented by each socket subscription. */
export interface StreamViewer {
  deliver(data: Buffer, flags: number): void;
}

/** Timings of a stream's supervision; tests shorten them. */
export interface StreamTuning {
  /** No video for this long while live → the stream is restarted. */
  stallMs: number;
  /** No first video this long after start → restarted as well. */
  startTimeoutMs: number;
  /** Retry delay after the camera refused credentials (slow: an account may lock). */
  credentialsRetryMs: number;
  /** Upper bound of the GOP cache, so a camera with a huge GOP cannot grow memory without end. */
  maxCacheBytes: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_STREAM_TUNING: StreamTuning = {
  stallMs: 5000,
  startTimeoutMs: 20_000,
  credentialsRetryMs: 60_000,
  maxCacheBytes: 4 * 1024 * 1024,
  backoff: DEFAULT_BACKOFF,
};

/**
 * One camera × profile: a supervised ffmpeg fanned out to every viewer.
 *
 * It keeps the bytes since the last keyframe so a new viewer gets a picture at once, restarts
 * ffmpeg with backoff when it dies or stalls, and turns what happened into a state and a reason
 * the operator can read. Exit codes are not trusted (ffmpeg exits 0 when a camera hangs up).
 */
export class RelayStream {
  private process: FfmpegProcess | null = null;
  private readonly viewers = new Set<StreamViewer>();
  private readonly backoff: Backoff;
  private cache: Buffer[] = [];
  private cacheBytes = 0;
  private chunker = new TsChunker();
  private state: StreamState = 'idle';
  private reason: StreamReason | null = null;
  private detail: string | null = null;
  private fatalReason: StreamReason | null = null;
  private nextAttemptAt: number | null = null;
  private restarts = 0;
  private liveSince: number | null = null;
  private startedAt = 0;
  private lastDataAt = 0;
  private pendingReset = false;
  private killedForStall = false;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private fps = 0;
  private kbps = 0;
  private lastStats = { at: 0, frames: 0, bytes: 0 };
  private lastNoiseLogAt = 0;

  constructor(
    readonly cameraId: string,
    readonly profile: StreamProfile,
    private readonly buildArgs: () => string[],
    private readonly onStatus: (status: StreamStatus) => void,
    private readonly tuning: StreamTuning = DEFAULT_STREAM_TUNING,
  ) {
    this.backoff = new Backoff(tuning.backoff);
  }

  get key(): string {
    return `${this.cameraId}:${this.profile}`;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  status(): StreamStatus {
    return {
      cameraId: this.cameraId,
      profile: this.profile,
      state: this.state,
      reason: this.reason,
      detail: this.detail,
      nextAttemptAt: this.nextAttemptAt,
      restarts: this.restarts,
      viewers: this.viewers.size,
      fps: this.fps,
      kbps: this.kbps,
      liveSince: this.liveSince,
      pid: this.process?.pid ?? null,
    };
  }

  /** Adds a viewer; it first gets the cached GOP, so it can decode a picture immediately. */
  addViewer(viewer: StreamViewer): void {
    this.viewers.add(viewer);
    this.cache.forEach((chunk, index) => viewer.deliver(chunk, index === 0 ? VIDEO_FLAG_KEYFRAME : 0));
    this.publish();
  }

  removeViewer(viewer: StreamViewer): void {
    this.viewers.delete(viewer);
    this.publish();
  }

  start(): void {
    if (this.process || this.retryTimer || this.stopping) return;
    this.spawn();
    this.watchdog = setInterval(() => this.tick(), 1000);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = null;
    this.watchdog = null;
    const proc = this.process;
    this.process = null;
    await proc?.stop();
    this.setState('idle', null);
  }

  private spawn(): void {
    this.retryTimer = null;
    this.nextAttemptAt = null;
    this.fatalReason = null;
    this.killedForStall = false;
    this.chunker = new TsChunker();
    this.lastStats = { at: Date.now(), frames: 0, bytes: 0 };
    this.startedAt = Date.now();
    this.lastDataAt = 0;
    this.pendingReset = true;
    const proc = new FfmpegProcess(this.buildArgs());
    this.process = proc;
    proc.on('data', (data) => this.onData(data));
    proc.on('stderr', (line) => this.onStderr(line));
    proc.on('exit', (exit) => this.onExit(proc, exit));
    proc.start();
    log.info(`relay ${this.key}: ffmpeg started (pid ${proc.pid ?? '?'})`);
    this.setState('starting', this.reason);
  }

  private onData(data: Buffer): void {
    this.lastDataAt = Date.now();
    for (const chunk of this.chunker.push(data)) {
      if (chunk.keyframe) {
        this.cache = [];
        this.cacheBytes = 0;
      }
      if (chunk.keyframe || this.cache.length > 0) {
        if (this.cacheBytes + chunk.data.length <= this.tuning.maxCacheBytes) {
          this.cache.push(chunk.data);
          this.cacheBytes += chunk.data.length;
        } else {
          this.cache = [];
          this.cacheBytes = 0;
        }
      }
      // A (re)started ffmpeg is only worth forwarding from its first keyframe on; that chunk
      // tells the renderer to reset its decoder.
      if (this.pendingReset && !chunk.keyframe) continue;
      let flags = chunk.keyframe ? VIDEO_FLAG_KEYFRAME : 0;
      if (this.pendingReset) {
        flags |= VIDEO_FLAG_RESET;
        this.pendingReset = false;
      }
      for (const viewer of this.viewers) viewer.deliver(chunk.data, flags);
    }
    if (this.state !== 'live' && this.chunker.frames > 0) {
      this.liveSince = Date.now();
      this.detail = null;
      this.setState('live', null);
    }
  }

  private onStderr(line: string): void {
    const verdict = classifyStderr(line);
    if (verdict?.fatal) {
      this.fatalReason ??= verdict.reason;
      this.detail = line;
      log.warn(`relay ${this.key}: ${line}`);
      return;
    }
    // Decoder noise: logged at most every 10 s per stream.
    const now = Date.now();
    if (now - this.lastNoiseLogAt > 10_000) {
      this.lastNoiseLogAt = now;
      log.info(`relay ${this.key}: ${line}`);
    }
  }

  private onExit(proc: FfmpegProcess, exit: FfmpegExit): void {
    if (this.process !== proc) return;
    this.process = null;
    this.cache = [];
    this.cacheBytes = 0;
    if (this.stopping) return;
    const reason: StreamReason =
      this.fatalReason ??
      (this.killedForStall ? 'stalled' : exit.signal ? 'crashed' : exit.code === 0 ? 'ended' : 'unknown');
    if (this.liveSince !== null) this.backoff.noteLiveFor(Date.now() - this.liveSince);
    this.liveSince = null;
    const delay = reason === 'credentials' ? this.tuning.credentialsRetryMs : this.backoff.next();
    this.restarts += 1;
    this.nextAttemptAt = Date.now() + delay;
    if (!this.fatalReason)
      this.detail = `ffmpeg ${exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`}`;
    log.warn(
      `relay ${this.key}: ffmpeg exited (${exit.signal ?? exit.code}) — ${reason}; retry in ${delay} ms` +
        (this.detail ? ` — ${this.detail}` : ''),
    );
    this.retryTimer = setTimeout(() => this.spawn(), delay);
    this.setState('reconnecting', reason);
  }

  private tick(): void {
    const now = Date.now();
    const proc = this.process;
    if (proc) {
      const frozen =
        this.state === 'live'
          ? now - this.lastDataAt > this.tuning.stallMs
          : now - this.startedAt > this.tuning.startTimeoutMs;
      if (frozen && !this.killedForStall) {
        log.warn(
          `relay ${this.key}: no video for ${now - Math.max(this.lastDataAt, this.startedAt)} ms, restarting`,
        );
        this.killedForStall = true;
        this.fatalReason = null;
        this.setState('stalled', 'stalled');
        proc.kill();
      }
    }
    const elapsed = (now - this.lastStats.at) / 1000;
    if (elapsed >= 2) {
      this.fps = Math.round(((this.chunker.frames - this.lastStats.frames) / elapsed) * 10) / 10;
      this.kbps = Math.round(((this.chunker.bytes - this.lastStats.bytes) * 8) / 1000 / elapsed);
      this.lastStats = { at: now, frames: this.chunker.frames, bytes: this.chunker.bytes };
      this.publish();
    }
  }

  private setState(state: StreamState, reason: StreamReason | null): void {
    this.state = state;
    this.reason = reason;
    if (state !== 'live') {
      this.fps = 0;
      this.kbps = 0;
    }
    this.publish();
  }

  private publish(): void {
    this.onStatus(this.status());
  }
}
