import JSMpeg, { type Player } from '@cycjimmy/jsmpeg-player';
import { VIDEO_FLAG_RESET } from '../../src-shared/contract';
import { MuxSource } from './mux-source';
import { canCompileWasm } from './wasm-support';

/** Callbacks from the decoder to the tile; kept minimal so the tile owns all React state. */
export interface TilePlayerOptions {
  /** Called for every decoded picture; the tile uses it to know its video is really flowing. */
  onDecode(): void;
}

interface Decoder {
  player: Player;
  source: MuxSource;
  canvas: HTMLCanvasElement;
  shown: boolean;
}

const CANVAS_CLASS = 'tile__canvas';
const PENDING_CLASS = 'tile__canvas--pending';

/**
 * One tile's decoder: a JSMpeg player per stream incarnation, drawing into canvases it manages
 * inside `container`.
 *
 * The player is created on the first chunk (no idle render loops for tiles that get no video)
 * and recreated on VIDEO_FLAG_RESET, when the core restarted ffmpeg, so the decoder starts
 * clean. The new player draws into a new, hidden canvas stacked above the old one; the old
 * canvas, still showing the last picture, is removed only once the new stream has decoded a
 * picture. Operators thus never see a black or grey flash on a restart, and a stream that dies
 * keeps its last picture on screen.
 */
export class TilePlayer {
  private current: Decoder | null = null;
  private stale: HTMLCanvasElement | null = null;
  private destroyed = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: TilePlayerOptions,
  ) {}

  /** Feeds one chunk of the slot's MPEG-TS payload. */
  push(payload: ArrayBuffer, flags: number): void {
    if (this.destroyed) return;
    if (!this.current || (flags & VIDEO_FLAG_RESET) !== 0) this.replaceDecoder();
    this.current?.source.push(payload);
  }

  /** Stops decoding and removes the canvases. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.current) {
      this.current.player.destroy();
      this.current.canvas.remove();
      this.current = null;
    }
    this.stale?.remove();
    this.stale = null;
  }

  private replaceDecoder(): void {
    const previous = this.current;
    if (previous) {
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
    const canvas = document.createElement('canvas');
    canvas.className = `${CANVAS_CLASS} ${PENDING_CLASS}`;
    this.container.appendChild(canvas);
    const decoder: Partial<Decoder> & { canvas: HTMLCanvasElement; shown: boolean } = {
      canvas,
      shown: false,
    };
    const player = new JSMpeg.Player('', {
      source: MuxSource,
      canvas,
      audio: false,
      // Canvas2D measured faster here than WebGL and avoids the 16-WebGL-context browser limit.
      disableGl: true,
      disableWebAssembly: !canCompileWasm(),
      pauseWhenHidden: false,
      videoBufferSize: 1024 * 1024,
      onVideoDecode: () => this.handleDecode(decoder as Decoder),
    });
    const source = player.source;
    if (!(source instanceof MuxSource)) throw new Error('JSMpeg did not use the MuxSource');
    decoder.player = player;
    decoder.source = source;
    this.current = decoder as Decoder;
  }

  private handleDecode(decoder: Decoder): void {
    if (this.destroyed || decoder !== this.current) return;
    if (!decoder.shown) {
      decoder.shown = true;
      decoder.canvas.classList.remove(PENDING_CLASS);
      this.stale?.remove();
      this.stale = null;
    }
    this.options.onDecode();
  }
}
