import {
  VIDEO_FLAG_H264,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_REPLAY,
  VIDEO_FLAG_RESET,
  type VideoTransport,
} from '../../../src-shared/contract';
import type { DecodeLoop, DecodeTask } from './decode-loop';
import { DelayGovernor, MAX_SOURCE_LAG_MS, type DelayStats } from './delay-governor';
import { isKeyAccessUnit } from './h264-bitstream';
import { createJsmpegDecoder, type JsmpegDecoder } from './jsmpeg-decoder';
import { sharedDecodeLoop, stockDecoding } from './shared-decode-loop';
import { countVideoPictures } from './ts-scan';
import { WebCodecsDecoder, type DrawPath } from './webcodecs-decoder';

/** How a tile's pictures reach its screen, shown with its figures (diagnostics, benchmarks). */
export interface VideoPath {
  transport: VideoTransport;
  decoder: 'jsmpeg' | 'webcodecs';
  /** WebCodecs: whether hardware decoding was asked for (null until configured); JSMpeg: false. */
  hardware: boolean | null;
  /** `convert`: Vigie's YCbCr conversion at the tile's size; `jsmpeg`: JSMpeg's own renderer (stock). */
  draw: 'convert' | 'drawimage' | 'jsmpeg';
}

/** A tile's figures: the delay governor's, and the path its pictures take. */
export type TileStats = DelayStats & { path: VideoPath };

/** Callbacks from the decoder to the tile; kept minimal so the tile owns all React state. */
export interface TilePlayerOptions {
  /** Called for every decoded picture; the tile uses it to know its video is really flowing. */
  onDecode(): void;
  /** Called about once a second, and at once when the degraded state changes. */
  onStats?(stats: TileStats): void;
  /**
   * WebCodecs could not decode this stream's H.264 (unsupported, decoder error): the tile
   * re-watches in MPEG-1. Called once per stream (until startStream()); meanwhile the last
   * picture stays on screen and further H.264 payloads are ignored. `stream` is the tag given to
   * startStream(), so the tile knows which camera failed even if it moved on meanwhile.
   */
  onPassthroughFailed?(reason: string, stream: string | null): void;
  /**
   * The pictures fed changed between live and replayed (VIDEO_FLAG_REPLAY): the tile must never
   * show a replayed picture as live, whatever the replay-status messages said or failed to say.
   */
  onReplayPictures?(replaying: boolean): void;
  /** The decode loop to join; the window's shared loop by default. */
  loop?: DecodeLoop;
  /** Baseline for measurements: JSMpeg's own loop per player, no drops (see stockDecoding). */
  stock?: boolean;
  /** How WebCodecs pictures are drawn; defaultDrawPath() (`?draw=`) when omitted. */
  draw?: DrawPath;
}

/** One WebCodecs incarnation of a tile's H.264 stream. */
interface PassthroughDecoder {
  kind: 'webcodecs';
  decoder: WebCodecsDecoder;
  canvas: HTMLCanvasElement;
  shown: boolean;
}

type Decoder = JsmpegDecoder | PassthroughDecoder;

const CANVAS_CLASS = 'tile__canvas';
const PENDING_CLASS = 'tile__canvas--pending';
const STATS_INTERVAL_MS = 1_000;
/** Pictures decoded at most when a dropped decoder's first picture is flushed to the screen. */
const MAX_FLUSH_PICTURES = 30;

/**
 * One tile's video: decoder incarnations (one per stream incarnation) drawing into canvases
 * stacked in the tile, stepped by the window's shared decode loop and kept within a bounded delay.
 * MPEG-TS payloads go to JSMpeg players; payloads flagged VIDEO_FLAG_H264 (the camera's own access
 * units) go to WebCodecs decoders, under the same delay policy.
 *
 * A new decoder starts on the first chunk of a stream, on VIDEO_FLAG_RESET (the core restarted
 * its relay), after a profile switch (grid ↔ full), after the governor dropped a backlog, and
 * when the payload's kind changes (a fallback from H.264 to MPEG-1). Each new decoder draws into a
 * new, hidden canvas above the old one; the old canvas, still showing the last picture, goes only
 * once the new decoder has a picture. So a restart, a profile switch, a change of codec or a skip
 * never shows a black gap, and a stream that dies keeps its last picture on screen (the tile's
 * state then says it is not live).
 *
 * Lifecycle: attach(container) / detach() follow the React effect; startStream() / stopStream()
 * bracket each watch on the socket.
 */
export class TilePlayer implements DecodeTask {
  private container: HTMLElement | null = null;
  private current: Decoder | null = null;
  private stale: HTMLCanvasElement | null = null;
  private freshStream = true;
  /** WebCodecs failed on this stream: H.264 payloads are ignored until the next startStream(). */
  private passthroughFailed = false;
  private streamTag: string | null = null;
  private readonly governor: DelayGovernor;
  private readonly stock: boolean;
  private leaveLoop: (() => void) | null = null;
  private loop: DecodeLoop | null = null;
  private lastStatsAt = 0;
  private lastDegraded = false;
  /** Whether the last stats said the picture is behind the camera (see MAX_SOURCE_LAG_MS). */
  private lastBehind = false;
  private target: { width: number; height: number } | null = null;
  /** The path of the latest decoder, reported while no decoder runs too. */
  private path: VideoPath;
  /** The chunks fed last were replayed pictures (VIDEO_FLAG_REPLAY). */
  private replaying = false;

  constructor(private readonly options: TilePlayerOptions) {
    this.stock = options.stock ?? stockDecoding();
    this.governor = new DelayGovernor(this.stock ? { maxBacklogMs: Number.POSITIVE_INFINITY } : {});
    this.path = this.jsmpegPath();
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
      stopDecoder(this.current);
      this.current.canvas.remove();
      this.current = null;
    }
    this.stale?.remove();
    this.stale = null;
    this.container = null;
    this.freshStream = true;
    this.passthroughFailed = false;
    this.governor.reset();
    this.setReplaying(false);
  }

  /**
   * The tile's size on screen in device pixels: pictures are converted at that size when the
   * tile cannot show the whole stream (see ScaledCanvasRenderer).
   */
  setTarget(target: { width: number; height: number } | null): void {
    this.target = target;
    if (this.current?.kind === 'jsmpeg') this.current.renderer?.setTarget(target);
    else this.current?.decoder.setTarget(target);
  }

  /**
   * A new watch begins: its first chunk starts a new decoder, keeping the last picture meanwhile.
   * `tag` (the camera id) comes back with onPassthroughFailed.
   */
  startStream(tag: string | null = null): void {
    this.streamTag = tag;
    this.freshStream = true;
    this.passthroughFailed = false;
    this.governor.reset();
  }

  /** The watch ended (profile switch, tile covered): stop decoding, keep the last picture. */
  stopStream(): void {
    this.retireDecoder();
    this.freshStream = true;
    this.governor.reset();
    this.setReplaying(false);
  }

  /**
   * Feeds one chunk of the slot's video, sent by the core at `sentAt` (page clock; see
   * send-clock.ts): the delay bound counts from then, not from this handler. `sourceLagMs` is
   * how far behind the camera the core produced it, added to the delay the tile shows. The
   * payload is MPEG-TS, or one H.264 access unit when `flags` has VIDEO_FLAG_H264.
   *
   * Replayed pictures (VIDEO_FLAG_REPLAY) are MPEG-1 from the core's masked transcoder, even on
   * an H.264 passthrough tile: entering or leaving a replay starts a new decoder (JSMpeg, then
   * the live path's) and a clean delay history, so the replay's priming burst never marks the
   * live tile « Dégradé », nor a live drop the replay. A replayed picture's source lag (it is the
   * past by design) is not counted.
   */
  push(payload: ArrayBuffer, flags: number, sentAt?: number, sourceLagMs = 0): void {
    if (!this.container) return;
    const replay = (flags & VIDEO_FLAG_REPLAY) !== 0;
    if (replay !== this.replaying) {
      this.setReplaying(replay);
      this.freshStream = true;
      this.governor.reset();
      this.governor.forgetDrops();
    }
    if (replay) sourceLagMs = 0;
    const h264 = (flags & VIDEO_FLAG_H264) !== 0;
    // After a WebCodecs failure the tile re-watches in MPEG-1: H.264 still on its way is of no use.
    if (h264 && this.passthroughFailed) return;
    const now = performance.now();
    const bytes = new Uint8Array(payload);
    const kind = h264 ? 'webcodecs' : 'jsmpeg';
    // A new stream's first chunk (or a restarted relay's) is where decoding starts, whatever its flags.
    const fresh = this.freshStream || (flags & VIDEO_FLAG_RESET) !== 0;
    if (fresh) {
      this.freshStream = false;
      this.governor.reset();
    }
    const current = this.current;
    let keyframe: boolean;
    let pictures: number;
    if (h264) {
      // WebCodecs starts at an IDR only; what comes before one is dropped and counts no picture.
      keyframe = isKeyAccessUnit(bytes);
      const decodable = keyframe || (!fresh && current?.kind === 'webcodecs' && current.decoder.started);
      pictures = decodable ? 1 : 0;
    } else {
      // JSMpeg starts anywhere (it waits for a sequence header), so a change of kind is a start too.
      keyframe = fresh || (flags & VIDEO_FLAG_KEYFRAME) !== 0 || current?.kind === 'webcodecs';
      pictures = countVideoPictures(bytes);
    }
    const action = this.governor.onChunk(now, pictures, keyframe, sentAt, sourceLagMs);
    if (sourceLagMs > MAX_SOURCE_LAG_MS !== this.lastBehind) {
      this.lastBehind = !this.lastBehind;
      this.emitStats(now);
    }
    if (action === 'discard') {
      if (current) {
        // A restart's first picture is shown even if what follows it is dropped.
        if (!current.shown) flushFirstPicture(current);
        this.retireDecoder();
      }
      this.reportDegraded(now);
      return;
    }
    if (fresh || action === 'restart' || current?.kind !== kind) this.replaceDecoder(kind);
    const next = this.current;
    if (next?.kind === 'jsmpeg') next.source.push(payload);
    else next?.decoder.push(bytes);
    this.loop?.wake();
  }

  /**
   * The shared loop's step. Drops first if the backlog is already too old (decoding stale
   * pictures would only spend CPU on the past). JSMpeg: when several pictures wait, the older
   * ones are decoded without being drawn (MPEG-1 needs them as references, the screen does not)
   * as long as the frame's catch-up budget lasts, and only the newest is drawn. WebCodecs
   * decodes as access units arrive: the step draws the newest decoded picture.
   */
  step(catchUpDeadline: number): boolean {
    const decoder = this.current;
    if (decoder && !this.governor.checkBacklog(performance.now())) {
      if (decoder.kind === 'jsmpeg') this.stepJsmpeg(decoder, catchUpDeadline);
      // Nothing to draw and nothing on its way: whatever the governor counts is lost.
      else if (!decoder.decoder.draw() && decoder.decoder.idle) this.governor.onIdle();
    }
    const now = performance.now();
    if (this.governor.isSkipping || this.governor.checkBacklog(now)) this.retireDecoder();
    this.reportDegraded(now);
    if (now - this.lastStatsAt >= STATS_INTERVAL_MS) this.emitStats(now);
    // Keep the loop alive while degraded too, so the badge clears on time.
    return this.current !== null || this.lastDegraded;
  }

  private stepJsmpeg(decoder: JsmpegDecoder, catchUpDeadline: number): void {
    const renderer = decoder.renderer;
    // Stock mode: JSMpeg's own loop decodes.
    if (!renderer) return;
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

  private setReplaying(replaying: boolean): void {
    if (replaying === this.replaying) return;
    this.replaying = replaying;
    this.options.onReplayPictures?.(replaying);
  }

  /** The stream's picture rate as received over the last second (paces the shared loop). */
  frameRate(): number | null {
    return this.current ? this.governor.receiveRate(performance.now()) : null;
  }

  /**
   * The picture on screen for a snapshot: the current decoder's last picture at the stream's
   * full size, else the canvas showing it (a stale one after a stream ended); null before the
   * first picture.
   */
  pictureCanvas(): HTMLCanvasElement | null {
    const current = this.current;
    if (!current?.shown) return this.stale;
    const full = current.kind === 'jsmpeg' ? current.renderer?.fullFrame() : current.decoder.fullFrame();
    return full ?? current.canvas;
  }

  private reportDegraded(now: number): void {
    const degraded = this.governor.isDegraded(now);
    if (degraded !== this.lastDegraded) this.emitStats(now);
  }

  private emitStats(now: number): void {
    const stats = this.governor.stats(now);
    this.lastStatsAt = now;
    this.lastDegraded = stats.degraded;
    const current = this.current;
    if (current?.kind === 'webcodecs') {
      const { hardware, lastDraw } = current.decoder;
      this.path = { transport: 'h264', decoder: 'webcodecs', hardware, draw: lastDraw };
    } else if (current) {
      this.path = this.jsmpegPath();
    }
    this.options.onStats?.({ ...stats, path: this.path });
  }

  private jsmpegPath(): VideoPath {
    return {
      transport: 'mpeg1',
      decoder: 'jsmpeg',
      hardware: false,
      draw: this.stock ? 'jsmpeg' : 'convert',
    };
  }

  /** Stops the current decoder; its canvas stays as the picture on screen if it showed one. */
  private retireDecoder(): void {
    const previous = this.current;
    if (!previous) return;
    this.current = null;
    // Canvas2D: stopping the decoder leaves the canvas and its last picture intact.
    stopDecoder(previous);
    if (previous.shown) {
      this.stale?.remove();
      this.stale = previous.canvas;
    } else {
      // Never showed a picture: the older stale canvas is still the best one to keep.
      previous.canvas.remove();
    }
  }

  private replaceDecoder(kind: Decoder['kind']): void {
    this.retireDecoder();
    const container = this.container;
    if (!container) return;
    const canvas = document.createElement('canvas');
    canvas.className = `${CANVAS_CLASS} ${PENDING_CLASS}`;
    container.appendChild(canvas);
    if (kind === 'jsmpeg') {
      this.current = createJsmpegDecoder(canvas, {
        stock: this.stock,
        target: this.target,
        onDecode: (decoder) => this.handleDecode(decoder),
      });
      this.path = this.jsmpegPath();
      return;
    }
    const incarnation: PassthroughDecoder = {
      kind,
      canvas,
      shown: false,
      decoder: new WebCodecsDecoder({
        canvas,
        target: this.target,
        ...(this.options.draw ? { draw: this.options.draw } : {}),
        onDecoded: () => this.handleDecode(incarnation),
        onDrawn: () => this.handleShown(incarnation),
        onFailure: (reason) => this.handlePassthroughFailure(incarnation, reason),
      }),
    };
    this.current = incarnation;
    const { hardware, lastDraw } = incarnation.decoder;
    this.path = { transport: 'h264', decoder: 'webcodecs', hardware, draw: lastDraw };
  }

  /** A picture was decoded (JSMpeg: and drawn, unless skipped while catching up). */
  private handleDecode(decoder: Decoder): void {
    if (decoder !== this.current) return;
    this.governor.onDecode(performance.now());
    if (decoder.kind === 'jsmpeg') this.handleShown(decoder);
    // WebCodecs decodes between loop runs: the loop may be asleep, and must draw the picture.
    else this.loop?.wake();
    this.options.onDecode();
  }

  /** The decoder's canvas has a picture: show it, and drop the older canvas it covers. */
  private handleShown(decoder: Decoder): void {
    if (decoder !== this.current || decoder.shown) return;
    decoder.shown = true;
    decoder.canvas.classList.remove(PENDING_CLASS);
    this.stale?.remove();
    this.stale = null;
  }

  /**
   * WebCodecs gave up on this stream: keep the last picture, count nothing more against the
   * delay bound, and let the tile re-watch in MPEG-1 (once per stream).
   */
  private handlePassthroughFailure(decoder: PassthroughDecoder, reason: string): void {
    if (decoder !== this.current) return;
    console.warn('[vigie] WebCodecs decoding failed, the tile falls back to MPEG-1:', reason);
    this.retireDecoder();
    this.governor.reset();
    if (this.passthroughFailed) return;
    this.passthroughFailed = true;
    this.options.onPassthroughFailed?.(reason, this.streamTag);
  }
}

/** Stops a decoder for good; the canvas keeps what it shows. */
function stopDecoder(decoder: Decoder): void {
  if (decoder.kind === 'jsmpeg') decoder.player.destroy();
  else decoder.decoder.close();
}

/** Decodes and draws what a decoder holds (a few pictures at most): rare, on a drop. */
function flushFirstPicture(decoder: Decoder): void {
  if (decoder.kind === 'webcodecs') {
    decoder.decoder.drawNow();
    return;
  }
  for (let i = 0; i < MAX_FLUSH_PICTURES; i += 1) if (!decoder.player.nextFrame()) break;
}
