import { codecString, isKeyAccessUnit } from './h264-bitstream';
import { supportedConfig } from './h264-support';
import { allocateI420, type I420Buffer as Planes } from './i420-layout';
import { outputSize, type OutputSize } from './yuv-convert';
import { YuvPainter } from './yuv-painter';

/**
 * How decoded pictures reach the tile's canvas: `convert` copies the I420 planes out and runs
 * Vigie's own conversion at the tile's size (as the MPEG-1 path does), `drawimage` lets the
 * canvas scale and convert the VideoFrame itself.
 */
export type DrawPath = 'convert' | 'drawimage';

/**
 * `?draw=drawimage` in the page address: WebCodecs pictures are drawn with drawImage instead of
 * the default conversion, so the benchmark can measure both paths on the same wall.
 */
export function defaultDrawPath(): DrawPath {
  return new URLSearchParams(window.location.search).get('draw') === 'drawimage' ? 'drawimage' : 'convert';
}

/** Callbacks to the tile player. */
export interface WebCodecsDecoderOptions {
  /** Receives the pictures; sized by the decoder at each draw. */
  canvas: HTMLCanvasElement;
  /** The tile's size on screen in device pixels (see setTarget). */
  target: OutputSize | null;
  /** defaultDrawPath() when omitted. */
  draw?: DrawPath;
  /** A picture was decoded and waits for draw(). */
  onDecoded(): void;
  /** A picture is on the canvas (the first one makes the canvas worth showing). */
  onDrawn(): void;
  /** The decoder cannot go on with this stream; called once, never after close(). */
  onFailure(reason: string): void;
}

/**
 * Access units held while the decoder configures (a round trip, during which the cached GOP of a
 * new watch may arrive whole): about ten seconds of a 25 fps stream. Only a safety net, as the
 * delay governor drops a backlog that old long before.
 */
const MAX_QUEUED_CHUNKS = 250;
/** H.264 reorders at most 16 pictures: a decode older than that with no output was dropped. */
const MAX_REORDER = 16;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * One WebCodecs decoder incarnation of a tile: H.264 access units in, the newest picture on the
 * tile's canvas out. The tile player creates one per stream incarnation, as it does JSMpeg
 * players, and drives it from the shared decode loop.
 *
 * Decoding runs as access units arrive (the browser decodes off the main thread, in hardware
 * when it can); drawing happens in the loop, one picture per run. In between only the newest
 * decoded picture is kept: a VideoFrame holds decoder memory (a hardware decoder has a small
 * pool), so an older one not drawn yet is closed at once, never left to the garbage collector.
 * The last drawn frame is kept instead of closed, until the next is drawn, so a snapshot gets
 * the stream's full size whatever the tile shows.
 */
export class WebCodecsDecoder {
  /** Whether the configuration asked for hardware decoding; null until configured. */
  hardware: boolean | null = null;
  /** The requested draw path. */
  readonly drawPath: DrawPath;
  /** The path that drew the last picture: `drawimage` for frames not in I420 (e.g. NV12). */
  lastDraw: DrawPath;
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private target: OutputSize | null;
  private decoder: VideoDecoder | null = null;
  private phase: 'waiting' | 'configuring' | 'configured' = 'waiting';
  private codec: string | null = null;
  private config: VideoDecoderConfig | null = null;
  private queued: EncodedVideoChunk[] = [];
  /** The queue overflowed: nothing decodes before the next keyframe. */
  private awaitingKey = false;
  private timestamp = 0;
  /** Timestamps decoded and not output yet. */
  private readonly inFlight = new Set<number>();
  private undrawn: VideoFrame | null = null;
  private last: VideoFrame | null = null;
  private copying = false;
  private closed = false;
  private failed = false;
  private planes: Planes | null = null;
  private readonly painter: YuvPainter;

  constructor(private readonly options: WebCodecsDecoderOptions) {
    this.canvas = options.canvas;
    const context = options.canvas.getContext('2d');
    if (!context) throw new Error('no 2D context for a tile');
    this.context = context;
    this.painter = new YuvPainter(options.canvas, context);
    this.target = options.target;
    this.drawPath = options.draw ?? defaultDrawPath();
    this.lastDraw = this.drawPath;
  }

  /** The tile's size on screen; the next picture is drawn at it. */
  setTarget(target: OutputSize | null): void {
    this.target = target;
  }

  /** Whether a keyframe was seen: from then on every access unit is decoded. */
  get started(): boolean {
    return this.phase !== 'waiting' && !this.awaitingKey;
  }

  /** A decoded picture waits for draw(). */
  get hasPicture(): boolean {
    return this.undrawn !== null;
  }

  /**
   * Nothing is on its way to the screen: no access unit queued or in the decoder, no picture
   * waiting or being drawn. The player then tells the governor whatever it still counts is lost.
   */
  get idle(): boolean {
    return (
      this.undrawn === null &&
      !this.copying &&
      this.queued.length === 0 &&
      this.inFlight.size === 0 &&
      (this.decoder?.decodeQueueSize ?? 0) === 0
    );
  }

  /**
   * Decodes one access unit (Annex B). Delta units before the first keyframe are dropped; the
   * first keyframe configures the decoder with its SPS's codec string, a later one whose codec
   * string differs reconfigures it.
   */
  push(accessUnit: Uint8Array): void {
    if (this.closed || this.failed) return;
    const key = isKeyAccessUnit(accessUnit);
    if (this.phase === 'waiting') {
      const codec = key ? codecString(accessUnit) : null;
      // Nothing decodes before a keyframe with its parameter sets.
      if (!codec) return;
      this.configure(codec);
    } else if (key && this.phase === 'configured') {
      const codec = codecString(accessUnit);
      if (codec && codec !== this.codec && !this.reconfigure(codec)) return;
    }
    if (this.awaitingKey) {
      if (!key) return;
      this.awaitingKey = false;
    }
    const chunk = new EncodedVideoChunk({
      type: key ? 'key' : 'delta',
      timestamp: this.timestamp,
      data: accessUnit,
    });
    this.timestamp += 1;
    if (this.phase === 'configuring') {
      this.queued.push(chunk);
      if (this.queued.length > MAX_QUEUED_CHUNKS) {
        // Configuration stuck: keep what follows the newest keyframe, or wait for the next one.
        const newestKey = this.queued.findLastIndex((queued) => queued.type === 'key');
        this.queued = newestKey > 0 ? this.queued.slice(newestKey) : [];
        this.awaitingKey = this.queued.length === 0;
      }
      return;
    }
    this.decode(chunk);
  }

  /**
   * Draws the newest decoded picture at the tile's size; true if it did (or started to: the
   * convert path's copy resolves in a microtask). Older pictures never reach the screen.
   */
  draw(): boolean {
    const frame = this.undrawn;
    if (!frame || this.copying || this.closed) return false;
    this.undrawn = null;
    if (this.drawPath === 'convert' && frame.format === 'I420') this.drawConverted(frame);
    else this.drawImage(frame);
    return true;
  }

  /** Draws the waiting picture at once, with drawImage (no copy in flight): before a retirement. */
  drawNow(): boolean {
    const frame = this.undrawn;
    if (!frame || this.closed) return false;
    this.undrawn = null;
    this.drawImage(frame);
    return true;
  }

  /** The last drawn picture at the stream's full size, on a new canvas; null before the first. */
  fullFrame(): HTMLCanvasElement | null {
    const frame = this.last;
    if (!frame || this.closed) return null;
    const canvas = document.createElement('canvas');
    canvas.width = frame.displayWidth;
    canvas.height = frame.displayHeight;
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(frame, 0, 0, canvas.width, canvas.height);
    return canvas;
  }

  /** Stops decoding and frees every frame; the canvas keeps its last picture. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeDecoder();
    this.undrawn?.close();
    this.undrawn = null;
    this.last?.close();
    this.last = null;
    this.planes = null;
    this.painter.release();
  }

  private configure(codec: string): void {
    this.phase = 'configuring';
    this.codec = codec;
    supportedConfig(codec).then(
      (supported) => {
        if (this.closed || this.failed) return;
        if (!supported) {
          this.fail(`H.264 ${codec} cannot be decoded here`);
          return;
        }
        try {
          this.decoder ??= new VideoDecoder({ output: this.output, error: this.error });
          this.decoder.configure(supported.config);
        } catch (error) {
          this.fail(`configure ${codec} threw ${describe(error)}`);
          return;
        }
        this.config = supported.config;
        this.hardware = supported.hardware;
        this.phase = 'configured';
        const queued = this.queued;
        this.queued = [];
        for (const chunk of queued) if (!this.failed && !this.closed) this.decode(chunk);
      },
      (error: unknown) => this.fail(`support check for ${codec} failed: ${describe(error)}`),
    );
  }

  /** A new codec string at a keyframe (the camera changed profile or level): same preferences. */
  private reconfigure(codec: string): boolean {
    const decoder = this.decoder;
    if (!decoder || !this.config) return false;
    try {
      decoder.configure({ ...this.config, codec });
    } catch (error) {
      this.fail(`reconfigure to ${codec} threw ${describe(error)}`);
      return false;
    }
    this.codec = codec;
    this.config = { ...this.config, codec };
    return true;
  }

  private decode(chunk: EncodedVideoChunk): void {
    const decoder = this.decoder;
    if (!decoder || decoder.state !== 'configured') {
      this.fail(`decoder ${decoder?.state ?? 'missing'} while decoding`);
      return;
    }
    try {
      decoder.decode(chunk);
    } catch (error) {
      this.fail(`decode threw ${describe(error)}`);
      return;
    }
    this.inFlight.add(chunk.timestamp);
  }

  private readonly output = (frame: VideoFrame): void => {
    if (this.closed || this.failed) {
      frame.close();
      return;
    }
    this.inFlight.delete(frame.timestamp);
    // Reordering never holds a picture back this long: no output will come for these.
    for (const timestamp of this.inFlight)
      if (timestamp < frame.timestamp - MAX_REORDER) this.inFlight.delete(timestamp);
    this.undrawn?.close();
    this.undrawn = frame;
    this.options.onDecoded();
  };

  private readonly error = (error: DOMException): void => {
    if (!this.retryInSoftware()) this.fail(`decoder error ${error.name}: ${error.message}`);
  };

  /**
   * A hardware decoder that fails (its GPU process died, its session was taken back) gets one
   * software decoder before the tile falls back to MPEG-1: decoding resumes at the next keyframe.
   */
  private retryInSoftware(): boolean {
    const config = this.config;
    if (this.hardware !== true || !config || this.closed || this.failed) return false;
    const software: VideoDecoderConfig = { ...config, hardwareAcceleration: 'prefer-software' };
    this.closeDecoder();
    try {
      this.decoder = new VideoDecoder({ output: this.output, error: this.error });
      this.decoder.configure(software);
    } catch {
      return false;
    }
    this.config = software;
    this.hardware = false;
    this.awaitingKey = true;
    return true;
  }

  private fail(reason: string): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.closeDecoder();
    this.options.onFailure(reason);
  }

  private closeDecoder(): void {
    const decoder = this.decoder;
    this.decoder = null;
    this.queued = [];
    this.inFlight.clear();
    if (decoder && decoder.state !== 'closed') decoder.close();
  }

  /** The picture's size on the tile: its display size, reduced to fit the tile. */
  private sizeFor(frame: VideoFrame): OutputSize {
    return outputSize({ width: frame.displayWidth, height: frame.displayHeight }, this.target);
  }

  private resizeCanvas(size: OutputSize): void {
    if (this.canvas.width !== size.width) this.canvas.width = size.width;
    if (this.canvas.height !== size.height) this.canvas.height = size.height;
  }

  private drawImage(frame: VideoFrame): void {
    const size = this.sizeFor(frame);
    this.resizeCanvas(size);
    this.context.drawImage(frame, 0, 0, size.width, size.height);
    this.lastDraw = 'drawimage';
    this.drawn(frame);
  }

  /** Copies the I420 planes out (asynchronous by API, resolved at once for memory frames), then converts. */
  private drawConverted(frame: VideoFrame): void {
    const rect = frame.visibleRect;
    const width = rect?.width ?? frame.codedWidth;
    const height = rect?.height ?? frame.codedHeight;
    const planes = this.planesFor(width, height);
    let copy: Promise<PlaneLayout[]>;
    try {
      copy = frame.copyTo(planes.buffer, { layout: planes.layout.planes });
    } catch {
      // A layout this frame cannot take (e.g. an odd crop): let the canvas draw it.
      this.drawImage(frame);
      return;
    }
    this.copying = true;
    copy.then(
      () => {
        this.copying = false;
        if (this.closed) {
          frame.close();
          return;
        }
        this.painter.paint(planes, planes.layout.width, planes.layout.height, this.sizeFor(frame));
        this.lastDraw = 'convert';
        this.drawn(frame);
      },
      () => {
        this.copying = false;
        if (this.closed) frame.close();
        else this.drawImage(frame);
      },
    );
  }

  /** The reusable I420 buffer for `width`×`height`. */
  private planesFor(width: number, height: number): Planes {
    const current = this.planes;
    if (current && current.layout.width === width && current.layout.height === height) return current;
    this.planes = allocateI420(width, height);
    return this.planes;
  }

  /** The frame is on the canvas: keep it for fullFrame(), free the one before. */
  private drawn(frame: VideoFrame): void {
    this.last?.close();
    this.last = frame;
    this.options.onDrawn();
  }
}
