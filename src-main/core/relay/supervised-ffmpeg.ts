import { EventEmitter } from 'node:events';
import { VIDEO_FLAG_KEYFRAME, type StreamReason, type StreamState } from '../../../src-shared/contract';
import { log } from '../log/logger';
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { FfmpegProcess, type FfmpegExit } from './ffmpeg-process';
import { GopCache } from './gop-cache';
import type { ProcessLedger } from './process-ledger';
import { classifyStderr } from './stderr-classifier';
import { SourceLag } from './source-lag';
import { TsChunker } from './ts-chunker';

/** Timings of supervision; tests shorten them. */
export interface StreamTuning {
  /** No output for this long while live → restart. */
  stallMs: number;
  /** No first output this long after start → restart as well. */
  startTimeoutMs: number;
  /** Retry delay after the camera refused credentials (slow: an account may lock). */
  credentialsRetryMs: number;
  /** Upper bound of a keyframe cache, so a camera with a huge GOP cannot grow memory without end. */
  maxCacheBytes: number;
  /** Above this much unread input, a transcoder skips to the next keyframe instead of queueing. */
  maxStdinBytes: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_STREAM_TUNING: StreamTuning = {
  stallMs: 5000,
  startTimeoutMs: 20_000,
  credentialsRetryMs: 60_000,
  maxCacheBytes: 4 * 1024 * 1024,
  maxStdinBytes: 4 * 1024 * 1024,
  backoff: DEFAULT_BACKOFF,
};

export interface SupervisedEvents {
  /** Whole TS packets; flags carry VIDEO_FLAG_KEYFRAME, and VIDEO_FLAG_RESET on a new process's first keyframe. */
  chunk: [Buffer, number];
  /** A process was spawned (transcoders feed it their input cache). */
  spawned: [];
  status: [];
}

export interface SupervisedOptions {
  label: string;
  buildArgs: () => string[];
  tuning: StreamTuning;
  /** Whether a missing output counts as a stall right now (a transcoder waits for its source). */
  expectsOutput?: () => boolean;
  /** Where spawned PIDs are recorded so a crashed core's children are reaped at next start. */
  ledger?: ProcessLedger | null;
  /** Set when the input cannot exist (demo fleet down): never spawn, report this instead. */
  unavailable?: { reason: StreamReason; detail: string } | null;
}

/**
 * One ffmpeg kept alive: restarts with backoff when it dies or stalls, keeps the bytes since the
 * last keyframe, and turns what ffmpeg printed into a state and a reason the operator can read.
 * Exit codes are not trusted: ffmpeg exits 0 when a camera ends its stream.
 *
 * Both pipeline stages use it: the camera source (RTSP in, H.264 copied out) and each profile's
 * transcoder (H.264 in on stdin, MPEG-1 out).
 */
export class SupervisedFfmpeg extends EventEmitter<SupervisedEvents> {
  private process: FfmpegProcess | null = null;
  private readonly backoff: Backoff;
  private readonly gop: GopCache;
  private chunker = new TsChunker();
  /** How far this stage's pictures come out behind the camera's timeline (see source-lag.ts). */
  private readonly lag = new SourceLag();
  private fatalReason: StreamReason | null = null;
  private killedForStall = false;
  private stopping = false;
  private started = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private lastDataAt = 0;
  private dropInput = false;
  private lastStats = { at: 0, frames: 0, bytes: 0 };
  private lastNoiseLogAt = 0;

  state: StreamState = 'idle';
  reason: StreamReason | null = null;
  detail: string | null = null;
  nextAttemptAt: number | null = null;
  restarts = 0;
  liveSince: number | null = null;
  fps = 0;
  kbps = 0;

  constructor(private readonly options: SupervisedOptions) {
    super();
    this.backoff = new Backoff(options.tuning.backoff);
    this.gop = new GopCache(options.tuning.maxCacheBytes);
  }

  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  /** True when the input cannot exist: this stage never spawns, and nothing downstream should. */
  get blocked(): boolean {
    return !!this.options.unavailable;
  }

  /** The chunks since the last keyframe, so a new consumer can decode at once. */
  cache(): readonly Buffer[] {
    return this.gop.chunks;
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    const unavailable = this.options.unavailable;
    if (unavailable) {
      this.detail = unavailable.detail;
      this.setState('reconnecting', unavailable.reason);
      return;
    }
    this.spawn();
    this.watchdog = setInterval(() => this.tick(), 500);
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

  /**
   * Feeds stdin. A transcoder that cannot keep up skips to the next keyframe rather than letting
   * its input queue grow: the operator sees a jump, never the past.
   */
  write(data: Buffer, flags: number): void {
    const proc = this.process;
    if (!proc?.running) return;
    if (this.dropInput && !(flags & VIDEO_FLAG_KEYFRAME)) return;
    if (proc.stdinBacklog() > this.options.tuning.maxStdinBytes) {
      if (!this.dropInput)
        log.warn(`relay ${this.options.label}: transcoder behind, skipping to next keyframe`);
      this.dropInput = true;
      return;
    }
    this.dropInput = false;
    proc.write(data);
  }

  /** Replaces the process at once (its input restarted): no backoff, not counted as a failure. */
  respawn(): void {
    if (this.stopping || !this.started) return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const proc = this.process;
    this.process = null;
    if (proc) void proc.stop(200);
    this.spawn();
  }

  private spawn(): void {
    this.retryTimer = null;
    this.nextAttemptAt = null;
    this.fatalReason = null;
    this.killedForStall = false;
    this.dropInput = false;
    this.chunker = new TsChunker();
    this.lag.reset();
    this.gop.restart();
    this.lastStats = { at: Date.now(), frames: 0, bytes: 0 };
    this.startedAt = Date.now();
    this.lastDataAt = 0;
    const proc = new FfmpegProcess(this.options.buildArgs(), this.options.ledger ?? null);
    this.process = proc;
    proc.on('data', (data) => this.onData(proc, data));
    proc.on('stderr', (line) => this.onStderr(line));
    proc.on('exit', (exit) => this.onExit(proc, exit));
    proc.start();
    log.info(`relay ${this.options.label}: ffmpeg started (pid ${proc.pid ?? '?'})`);
    this.setState('starting', this.reason);
    this.emit('spawned');
  }

  private onData(proc: FfmpegProcess, data: Buffer): void {
    if (proc !== this.process) return;
    this.lastDataAt = Date.now();
    const ptsBefore = this.chunker.lastPts;
    const chunks = this.chunker.push(data);
    if (this.chunker.lastPts !== null && this.chunker.lastPts !== ptsBefore)
      this.lag.sample(performance.now(), this.chunker.lastPts);
    for (const chunk of chunks) {
      // A new process is only worth forwarding from its first keyframe on; that chunk tells
      // consumers to reset their decoder.
      const flags = this.gop.accept(chunk.data, chunk.keyframe);
      if (flags !== null) this.emit('chunk', chunk.data, flags);
    }
    if (this.state !== 'live' && !this.gop.waitingForKeyframe) {
      this.liveSince = Date.now();
      this.detail = null;
      this.setState('live', null);
    }
  }

  /** The last lines ffmpeg printed (across restarts), credentials redacted, for diagnostics. */
  readonly stderrTail: string[] = [];

  private onStderr(line: string): void {
    this.stderrTail.push(`${new Date().toISOString()} ${line}`);
    if (this.stderrTail.length > 20) this.stderrTail.shift();
    const verdict = classifyStderr(line);
    if (verdict?.fatal) {
      this.fatalReason ??= verdict.reason;
      this.detail = line;
      log.warn(`relay ${this.options.label}: ${line}`);
      return;
    }
    // Decoder noise: logged at most every 10 s per stream.
    const now = Date.now();
    if (now - this.lastNoiseLogAt > 10_000) {
      this.lastNoiseLogAt = now;
      log.info(`relay ${this.options.label}: ${line}`);
    }
  }

  private onExit(proc: FfmpegProcess, exit: FfmpegExit): void {
    if (this.process !== proc) return;
    this.process = null;
    this.gop.clear();
    if (this.stopping) return;
    const reason: StreamReason =
      this.fatalReason ??
      (this.killedForStall ? 'stalled' : exit.signal ? 'crashed' : exit.code === 0 ? 'ended' : 'unknown');
    if (this.liveSince !== null) this.backoff.noteLiveFor(Date.now() - this.liveSince);
    this.liveSince = null;
    const delay = reason === 'credentials' ? this.options.tuning.credentialsRetryMs : this.backoff.next();
    this.restarts += 1;
    this.nextAttemptAt = Date.now() + delay;
    if (!this.fatalReason) {
      this.detail = `ffmpeg ${exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`}`;
    }
    log.warn(
      `relay ${this.options.label}: ffmpeg exited (${exit.signal ?? exit.code}) — ${reason}; retry in ${delay} ms` +
        (this.detail ? ` — ${this.detail}` : ''),
    );
    this.retryTimer = setTimeout(() => this.spawn(), delay);
    this.setState('reconnecting', reason);
  }

  private tick(): void {
    const now = Date.now();
    const proc = this.process;
    const expectsOutput = this.options.expectsOutput?.() ?? true;
    if (proc && !expectsOutput) {
      // Waiting on our input: not our stall. Restart the clocks.
      this.startedAt = now;
      if (this.lastDataAt) this.lastDataAt = now;
    }
    if (proc && expectsOutput && !this.killedForStall) {
      const silentFor = this.state === 'live' ? now - this.lastDataAt : now - this.startedAt;
      const limit = this.state === 'live' ? this.options.tuning.stallMs : this.options.tuning.startTimeoutMs;
      if (silentFor > limit) {
        log.warn(`relay ${this.options.label}: no video for ${silentFor} ms, restarting`);
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
      this.emit('status');
    }
  }

  /** Milliseconds this stage's output runs behind the camera's own timeline, 0 when on time. */
  get lagMs(): number {
    return this.lag.lagMs;
  }

  private setState(state: StreamState, reason: StreamReason | null): void {
    this.state = state;
    this.reason = reason;
    if (state !== 'live') {
      this.fps = 0;
      this.kbps = 0;
    }
    this.emit('status');
  }
}
