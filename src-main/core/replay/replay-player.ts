import {
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_REPLAY,
  type ReplaySpeed,
  type StreamProfile,
} from '../../../src-shared/contract';
import { transcodeArgs } from '../relay/ffmpeg-args';
import type { ProcessLedger } from '../relay/process-ledger';
import { SupervisedFfmpeg, type StreamTuning } from '../relay/supervised-ffmpeg';
import type { ReplayBuffer, ReplayGop } from './replay-buffer';

/**
 * A gap longer than this between two buffered chunks (the camera was down, the source closed) is
 * skipped rather than replayed as a frozen picture.
 */
const MAX_GAP_MS = 2000;

/**
 * How much video before the asked time a new transcoder is fed at once. ffmpeg gives its first
 * picture only after about a second of input (measured: first picture ≈ 1.09 s minus what was fed
 * at once, bench `replay`), as live's transcoder does when it starts on the source's cached GOP.
 * So a replay starts at the keyframe at or before (time − 1 s), fed up to the asked time without
 * pacing: the tile shows that second in a blink, then plays at ×1 from the asked time.
 */
const PRIME_MS = 1000;

/** Where a player is, for the tile's status. */
export interface ReplayPosition {
  state: 'starting' | 'playing' | 'paused' | 'ended';
  /** Wall-clock time the camera sent the picture fed last (epoch ms). */
  pictureAt: number | null;
  speed: ReplaySpeed;
}

export interface ReplayPlayerOptions {
  buffer: ReplayBuffer;
  cameraId: string;
  profile: StreamProfile;
  /** The camera's privacy mask file at this instant (relay's maskFileFor): masks are burnt in as live. */
  mask: () => string | null;
  tuning: StreamTuning;
  ledger: ProcessLedger | null;
  /** Replayed MPEG-TS out, flags as live's plus VIDEO_FLAG_REPLAY. */
  deliver: (data: Buffer, flags: number) => void;
  /** The position changed (state, speed) or a periodic tick while playing. */
  onChange: () => void;
  /** The player was stopped (its owner forgets it). */
  onStopped?: () => void;
}

/**
 * One tile's replay: reads a camera stream's buffer from a keyframe and feeds the same MPEG-1
 * transcoder as live (ffmpeg on stdin, `transcodeArgs` of the tile's profile with the camera's
 * privacy mask, so no unmasked pixel ever leaves), paced at the camera's own arrival times ×1 or
 * ×2. Pausing stops feeding; seeking restarts the transcoder on the GOP at or before the time.
 * When it reaches the buffer's live edge it ends, and the socket puts the tile back on live.
 *
 * Reuses SupervisedFfmpeg: a crashed replay transcoder restarts with backoff and is fed again from
 * the current GOP's keyframe, and its first output says VIDEO_FLAG_RESET like any new stream.
 */
export class ReplayPlayer {
  private readonly transcoder: SupervisedFfmpeg;
  private gop: ReplayGop | null = null;
  /** Next chunk of `gop` to feed. */
  private index = 0;
  private anchorWall = 0;
  private anchorAt = 0;
  private lastFedAt: number | null = null;
  /** Where a (re)spawned transcoder should be playing: chunks before it are fed at once. */
  private target = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private fed = false;
  private output = false;
  private paused = false;
  private ended = false;
  private stopped = false;
  speed: ReplaySpeed = 1;

  constructor(private readonly options: ReplayPlayerOptions) {
    this.transcoder = new SupervisedFfmpeg({
      label: `${options.cameraId}:${options.profile}:replay`,
      buildArgs: () => transcodeArgs(options.profile, options.mask()),
      tuning: options.tuning,
      ledger: options.ledger,
      expectsOutput: () => this.fed && !this.paused,
    });
    this.transcoder.on('spawned', () => this.rewind());
    this.transcoder.on('chunk', (data, flags) => {
      if (this.stopped) return;
      const first = !this.output;
      this.output = true;
      this.options.deliver(data, flags | VIDEO_FLAG_REPLAY);
      if (first) this.options.onChange();
    });
  }

  /** The transcoder's PID (tests, diagnostics). */
  get pid(): number | null {
    return this.transcoder.pid;
  }

  position(): ReplayPosition {
    const state = this.ended ? 'ended' : !this.output ? 'starting' : this.paused ? 'paused' : 'playing';
    return { state, pictureAt: this.lastFedAt, speed: this.speed };
  }

  /** Starts at the last keyframe at or before `at` (epoch ms); false when the buffer is empty. */
  start(at: number): boolean {
    const gop = this.options.buffer.gopAt(at - PRIME_MS);
    if (!gop) return false;
    this.gop = gop;
    this.target = Math.max(at, gop.startAt);
    this.transcoder.start();
    this.ticker = setInterval(() => {
      if (!this.paused && !this.ended) this.options.onChange();
    }, 500);
    return true;
  }

  pause(paused: boolean): void {
    if (this.paused === paused || this.ended) return;
    this.paused = paused;
    if (paused) this.clearTimer();
    else {
      // Resume where it stopped, from now on.
      const next = this.gop?.chunk(this.index);
      if (next) this.anchor(next.at);
      this.pump();
    }
    this.options.onChange();
  }

  setSpeed(speed: ReplaySpeed): void {
    if (this.speed === speed) return;
    const next = this.gop?.chunk(this.index);
    this.speed = speed;
    if (next) this.anchor(next.at);
    this.pump();
    this.options.onChange();
  }

  /** Moves to the GOP at or before `at`: a fresh transcoder, so the picture changes at once. */
  seek(at: number): void {
    const gop = this.options.buffer.gopAt(at - PRIME_MS);
    if (!gop || this.ended) return;
    this.gop = gop;
    this.target = Math.max(at, gop.startAt);
    this.lastFedAt = this.target;
    this.transcoder.respawn(); // 'spawned' rewinds to the new GOP's keyframe
    this.options.onChange();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.options.onStopped?.();
    await this.transcoder.stop();
  }

  /** A transcoder was (re)spawned: feed it from the current GOP's keyframe, PAT/PMT first. */
  private rewind(): void {
    this.clearTimer();
    this.fed = false;
    this.index = 0;
    const gop = this.gop;
    if (!gop) return;
    // After a crash, resume where the last one stopped (seek and a new timeline set the target).
    if (this.lastFedAt !== null && this.lastFedAt <= gop.endAt)
      this.target = Math.max(this.target, this.lastFedAt);
    if (gop.psi) this.transcoder.write(gop.psi, VIDEO_FLAG_KEYFRAME);
    // Everything before the target is due already (fed at once); the target plays now.
    this.anchor(Math.max(this.target, gop.startAt));
    this.pump();
  }

  private anchor(at: number): void {
    this.anchorWall = performance.now();
    this.anchorAt = at;
  }

  /** Feeds every chunk that is due, then sleeps until the next one is. */
  private pump(): void {
    this.clearTimer();
    const buffer = this.options.buffer;
    while (!this.paused && !this.stopped && !this.ended) {
      let gop = this.gop;
      if (!gop) return;
      if (gop.evicted) {
        // The oldest GOPs went while paused (or the bounds are tight): continue at the oldest kept.
        gop = buffer.oldest;
        if (!gop) return this.end();
        this.gop = gop;
        this.index = 0;
        this.anchor(gop.startAt);
      }
      const chunk = gop.chunk(this.index);
      if (!chunk) {
        const next = buffer.after(gop);
        // At the live edge: the replay caught up with live.
        if (!next) return this.end();
        this.gop = next;
        this.index = 0;
        if (next.reset) {
          // A new RTSP session (timestamps restart): a new transcoder, fed from this keyframe.
          this.target = next.startAt;
          this.transcoder.respawn();
          return;
        }
        continue;
      }
      if (this.lastFedAt !== null && chunk.at - this.lastFedAt > MAX_GAP_MS && chunk.at > this.target)
        this.anchor(chunk.at);
      const now = performance.now();
      const due = this.anchorWall + (chunk.at - this.anchorAt) / this.speed;
      if (due > now + 1) {
        this.timer = setTimeout(() => this.pump(), due - now);
        return;
      }
      this.transcoder.write(chunk.data, this.index === 0 ? VIDEO_FLAG_KEYFRAME : 0);
      this.fed = true;
      this.lastFedAt = chunk.at;
      this.index += 1;
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimer();
    this.options.onChange();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
