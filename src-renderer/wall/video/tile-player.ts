import JSMpeg, { type Player } from '@cycjimmy/jsmpeg-player';
import { VIDEO_FLAG_KEYFRAME, VIDEO_FLAG_RESET } from '../../../src-shared/contract';
import type { DecodeLoop, DecodeTask } from './decode-loop';
import { DelayGovernor, MAX_SOURCE_LAG_MS, type DelayStats } from './delay-governor';
import { MuxSource } from './mux-source';
import { ScaledCanvasRenderer } from './scaled-renderer';
import { sharedDecodeLoop, stockDecoding, stockWebGl } from './shared-decode-loop';
import { countVideoPictures } from './ts-scan';
import { canCompileWasm } from './wasm-support';

/** Callbacks from the decoder to the tile; kept minimal so the tile owns all React state. */
export interface TilePlayerOptions {
  /** Called for every decoded picture; the tile uses it to know its video is really flowing. */
  onDecode(): void;
  /** Called about once a second, and at once when the degraded state changes. */
  onStats?(stats: DelayStats): void;
  /** The decode loop to join; the window's shared loop by default. */
  loop?: DecodeLoop;
  /** Baseline for measurements: JSMpeg's own loop per player, no drops (see stockDecoding). */
  stock?: boolean;
}

interface Decoder {
  player: Player;
  source: MuxSource;
  /** Vigie's renderer; null in stock mode, where JSMpeg's own Canvas2D renderer draws. */
  renderer: ScaledCanvasRenderer | null;
  canvas: HTMLCanvasElement;
  shown: boolean;
}

const CANVAS_CLASS = 'tile__canvas';
const PENDING_CLASS = 'tile__canvas--pending';
const STATS_INTERVAL_MS = 1_000;
/** Pictures decoded at most when a dropped decoder's first picture is flushed to the screen. */
const MAX_FLUSH_PICTURES = 30;

/**
 * One tile's video: JSMpeg players (one per stream incarnation) drawing into canvases stacked in
 * the tile, stepped by the window's shared decode loop and kept within a bounded delay.
 *
 * A new decoder starts on the first chunk of a stream, on VIDEO_FLAG_RESET (the core restarted
 * ffmpeg), after a profile switch (grid ↔ full), and after the governor dropped a backlog. Each
 * new decoder draws into a new, hidden canvas above the old one; the old canvas, still showing
 * the last picture, goes only once the new decoder has a picture. So a restart, a profile switch
 * or a skip never shows a black gap, and a stream that dies keeps its last picture on screen
 * (the tile's state then says it is not live).
 *
 * Lifecycle: attach(container) / detach() follow the React effect; startStream() / stopStream()
 * bracket each watch on the socket.
 */
export class TilePlayer implements DecodeTask {
  private container: HTMLElement | null = null;
  private current: Decoder | null = null;
  private stale: HTMLCanvasElement | null = null;
  private freshStream = true;
  private readonly governor: DelayGovernor;
  private readonly stock: boolean;
  private leaveLoop: (() => void) | null = null;
  private loop: DecodeLoop | null = null;
  private lastStatsAt = 0;
  private lastDegraded = false;
  /** Whether the last stats said the picture is behind the camera (see MAX_SOURCE_LAG_MS). */
  private lastBehind = false;
  private target: { width: number; height: number } | null = null;

  constructor(private readonly options: TilePlayerOptions) {
    this.stock = options.stock ?? stockDecoding();
    this.governor = new DelayGovernor(this.stock ? { maxBacklogMs: Number.POSITIVE_INFINITY } : {});
  }

  /** Starts drawing into `container` and joins the decode loop. */
  attach(container: HTMLElement): void {
    if (this.container === container) return;
    this.detach();
    this.container = container;
    this.loop = this.options.loop ?? sharedDecodeLoop();
    this.leaveLoop = this.loop.add(this);
  }

  /** Stops decoding and removes every canvas (the tile goes away or changes camera). */
  detach(): void {
    this.leaveLoop?.();
    this.leaveLoop = null;
    this.loop = null;
    if (this.current) {
      this.current.player.destroy();
      this.current.canvas.remove();
      this.current = null;
    }
    this.stale?.remove();
    this.stale = null;
    this.container = null;
    this.freshStream = true;
    this.governor.reset();
  }

  /**
   * The tile's size on screen in device pixels: pictures are converted at that size when the
   * tile cannot show the whole stream (see ScaledCanvasRenderer).
   */
  setTarget(target: { width: number; height: number } | null): void {
    this.target = target;
    this.current?.renderer?.setTarget(target);
  }

  /** A new watch begins: its first chunk starts a new decoder, keeping the last picture meanwhile. */
  startStream(): void {
    this.freshStream = true;
    this.governor.reset();
  }

  /** The watch ended (profile switch, tile covered): stop decoding, keep the last picture. */
  stopStream(): void {
    this.retireDecoder();
    this.freshStream = true;
    this.governor.reset();
  }

  /**
   * Feeds one chunk of the slot's MPEG-TS payload, sent by the core at `sentAt` (page clock; see
   * send-clock.ts): the delay bound counts from then, not from this handler. `sourceLagMs` is
   * how far behind the camera the core produced it, added to the delay the tile shows.
   */
  push(payload: ArrayBuffer, flags: number, sentAt?: number, sourceLagMs = 0): void {
    if (!this.container) return;
    const now = performance.now();
    const pictures = countVideoPictures(new Uint8Array(payload));
    // A new stream's first chunk (or a restarted ffmpeg's) is where decoding starts, whatever its flags.
    const fresh = this.freshStream || (flags & VIDEO_FLAG_RESET) !== 0;
    if (fresh) {
      this.freshStream = false;
      this.governor.reset();
    }
    const keyframe = fresh || (flags & VIDEO_FLAG_KEYFRAME) !== 0;
    const action = this.governor.onChunk(now, pictures, keyframe, sentAt, sourceLagMs);
    if (sourceLagMs > MAX_SOURCE_LAG_MS !== this.lastBehind) {
      this.lastBehind = !this.lastBehind;
      this.emitStats(now);
    }
    if (action === 'discard') {
      if (this.current) {
        // A restart's first picture is shown even if what follows it is dropped.
        if (!this.current.shown) this.decodeBuffered(this.current);
        this.retireDecoder();
      }
      this.reportDegraded(now);
      return;
    }
    if (fresh || action === 'restart' || !this.current) this.replaceDecoder();
    this.current?.source.push(payload);
    this.loop?.wake();
  }

  /**
   * The shared loop's step. Drops first if the backlog is already too old (decoding stale
   * pictures would only spend CPU on the past). Otherwise, when several pictures wait, the older
   * ones are decoded without being drawn (MPEG-1 needs them as references, the screen does not)
   * as long as the frame's catch-up budget lasts, and only the newest is drawn.
   */
  step(catchUpDeadline: number): boolean {
    const decoder = this.current;
    const renderer = decoder?.renderer;
    if (decoder && renderer && !this.governor.checkBacklog(performance.now())) {
      let idle = false;
      let decoded = 0;
      while (this.governor.pending > 1 && (decoded === 0 || performance.now() < catchUpDeadline)) {
        renderer.enabled = false;
        const ok = decoder.player.nextFrame();
        renderer.enabled = true;
        if (!ok) {
          idle = true;
          break;
        }
        decoded += 1;
      }
      if (idle || !decoder.player.nextFrame()) this.governor.onIdle();
    }
    const now = performance.now();
    if (this.governor.isSkipping || this.governor.checkBacklog(now)) this.retireDecoder();
    this.reportDegraded(now);
    if (now - this.lastStatsAt >= STATS_INTERVAL_MS) this.emitStats(now);
    // Keep the loop alive while degraded too, so the badge clears on time.
    return this.current !== null || this.lastDegraded;
  }

  /** Decodes what a decoder holds (a few pictures at most), drawing each: rare, on a drop. */
  private decodeBuffered(decoder: Decoder): void {
    for (let i = 0; i < MAX_FLUSH_PICTURES; i += 1) if (!decoder.player.nextFrame()) break;
  }

  /** The stream's picture rate as received over the last second (paces the shared loop). */
  frameRate(): number | null {
    return this.current ? this.governor.receiveRate(performance.now()) : null;
  }

  /**
   * The picture on screen for a snapshot: the current decoder's last picture re-converted at the
   * stream's full size, else the canvas showing it (a stale one after a stream ended); null
   * before the first picture.
   */
  pictureCanvas(): HTMLCanvasElement | null {
    if (this.current?.shown) return this.current.renderer?.fullFrame() ?? this.current.canvas;
    return this.stale;
  }

  private reportDegraded(now: number): void {
    const degraded = this.governor.isDegraded(now);
    if (degraded !== this.lastDegraded) this.emitStats(now);
  }

  private emitStats(now: number): void {
    const stats = this.governor.stats(now);
    this.lastStatsAt = now;
    this.lastDegraded = stats.degraded;
    this.options.onStats?.(stats);
  }

  /** Stops the current decoder; its canvas stays as the picture on screen if it showed one. */
  private retireDecoder(): void {
    const previous = this.current;
    if (!previous) return;
    this.current = null;
    // Canvas2D renderer: destroying the player leaves the canvas and its last picture intact.
    previous.player.destroy();
    if (previous.shown) {
      this.stale?.remove();
      this.stale = previous.canvas;
    } else {
      // Never showed a picture: the older stale canvas is still the best one to keep.
      previous.canvas.remove();
    }
  }

  private replaceDecoder(): void {
    this.retireDecoder();
    const container = this.container;
    if (!container) return;
    const canvas = document.createElement('canvas');
    canvas.className = `${CANVAS_CLASS} ${PENDING_CLASS}`;
    container.appendChild(canvas);
    const decoder: Partial<Decoder> & { canvas: HTMLCanvasElement; shown: boolean } = {
      canvas,
      shown: false,
    };
    const player = new JSMpeg.Player('', {
      source: MuxSource,
      canvas,
      audio: false,
      // Canvas2D has no context limit and measured faster here than WebGL (README, Performance);
      // WebGL only for that measurement, in the stock baseline.
      disableGl: !(this.stock && stockWebGl()),
      disableWebAssembly: !canCompileWasm(),
      pauseWhenHidden: false,
      videoBufferSize: 1024 * 1024,
      onVideoDecode: () => this.handleDecode(decoder as Decoder),
    });
    if (!this.stock) {
      // The shared loop steps this player: keep JSMpeg's own animation loop from ever running.
      player.autoplay = false;
      player.pause();
    }
    const source = player.source;
    if (!(source instanceof MuxSource)) throw new Error('JSMpeg did not use the MuxSource');
    // Stock mode is the seed stack's baseline: JSMpeg's own renderer, converting every pixel.
    const renderer = this.stock ? null : new ScaledCanvasRenderer(canvas, this.target);
    if (renderer) player.video?.connect(renderer);
    decoder.player = player;
    decoder.source = source;
    decoder.renderer = renderer;
    this.current = decoder as Decoder;
  }

  private handleDecode(decoder: Decoder): void {
    if (decoder !== this.current) return;
    this.governor.onDecode(performance.now());
    if (!decoder.shown) {
      decoder.shown = true;
      decoder.canvas.classList.remove(PENDING_CLASS);
      this.stale?.remove();
      this.stale = null;
    }
    this.options.onDecode();
  }
}
