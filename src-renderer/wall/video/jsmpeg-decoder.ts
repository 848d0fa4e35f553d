import JSMpeg, { type Player } from '@cycjimmy/jsmpeg-player';
import { MuxSource } from './mux-source';
import { ScaledCanvasRenderer } from './scaled-renderer';
import { stockWebGl } from './shared-decode-loop';
import { canCompileWasm } from './wasm-support';

/** One JSMpeg incarnation of a tile's MPEG-1 stream, as the tile player drives it. */
export interface JsmpegDecoder {
  kind: 'jsmpeg';
  player: Player;
  source: MuxSource;
  /** Vigie's renderer; null in stock mode, where JSMpeg's own Canvas2D renderer draws. */
  renderer: ScaledCanvasRenderer | null;
  canvas: HTMLCanvasElement;
  /** Whether the canvas showed a picture yet (it stays hidden until then). */
  shown: boolean;
}

/** What the player passes to a new JSMpeg incarnation. */
export interface JsmpegDecoderOptions {
  /** JSMpeg's own loop and renderer, the measurement baseline (see stockDecoding). */
  stock: boolean;
  /** The tile's size on screen in device pixels (see ScaledCanvasRenderer). */
  target: { width: number; height: number } | null;
  /** Called after each decoded (and, unless disabled, drawn) picture. */
  onDecode(decoder: JsmpegDecoder): void;
}

/**
 * A JSMpeg player fed by a MuxSource and drawing into `canvas`. Outside stock mode its own
 * animation loop never runs: the window's shared decode loop steps it with nextFrame(), and
 * Vigie's ScaledCanvasRenderer converts its pictures at the tile's size.
 */
export function createJsmpegDecoder(canvas: HTMLCanvasElement, options: JsmpegDecoderOptions): JsmpegDecoder {
  const { stock } = options;
  let decoder: JsmpegDecoder | null = null;
  const player = new JSMpeg.Player('', {
    source: MuxSource,
    canvas,
    audio: false,
    // Canvas2D has no context limit and measured faster here than WebGL (README, Performance);
    // WebGL only for that measurement, in the stock baseline.
    disableGl: !(stock && stockWebGl()),
    disableWebAssembly: !canCompileWasm(),
    pauseWhenHidden: false,
    videoBufferSize: 1024 * 1024,
    onVideoDecode: () => {
      if (decoder) options.onDecode(decoder);
    },
  });
  if (!stock) {
    // The shared loop steps this player: keep JSMpeg's own animation loop from ever running.
    player.autoplay = false;
    player.pause();
  }
  const source = player.source;
  if (!(source instanceof MuxSource)) throw new Error('JSMpeg did not use the MuxSource');
  // Stock mode is the seed stack's baseline: JSMpeg's own renderer, converting every pixel.
  const renderer = stock ? null : new ScaledCanvasRenderer(canvas, options.target);
  if (renderer) player.video?.connect(renderer);
  decoder = { kind: 'jsmpeg', player, source, renderer, canvas, shown: false };
  return decoder;
}
