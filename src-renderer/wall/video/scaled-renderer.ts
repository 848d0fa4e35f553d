import { convertFull, outputSize } from './yuv-convert';
import { YuvPainter } from './yuv-painter';

/**
 * A JSMpeg video destination that converts decoded pictures (YCbCr 4:2:0) to RGBA for a 2D
 * canvas, at the size the tile shows rather than the stream's.
 *
 * Why: on a 4×4 wall a tile is 250–480 device pixels wide while a grid stream is 640×360; stock
 * JSMpeg converts and uploads every pixel of every picture, then the compositor shrinks it again.
 * Converting straight at the tile's size (each output pixel averages the 2×2 luma block under it
 * and takes that block's chroma sample, about what the compositor's bilinear shrink showed)
 * costs in proportion to the pixels shown, as do putImageData and the canvas upload, with no
 * visible loss since the screen could not show the rest. Measured on a 1080p 4×4 wall, that
 * conversion was most of the renderer's time per picture. A tile at least as big as the stream
 * (or maximised) converts 1:1.
 *
 * It also keeps the last picture's planes so a snapshot is taken at the stream's full size
 * whatever the tile shows.
 */
export class ScaledCanvasRenderer {
  /** Read by JSMpeg's decoders before converting. */
  enabled = true;
  /** Source picture size, as announced by the decoder's sequence header. */
  width = 0;
  height = 0;
  private readonly painter: YuvPainter;
  private target: { width: number; height: number } | null;
  private last: { y: Uint8Array; cr: Uint8Array; cb: Uint8Array } | null = null;

  constructor(
    readonly canvas: HTMLCanvasElement,
    target: { width: number; height: number } | null,
  ) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D context for a tile');
    this.painter = new YuvPainter(canvas, context);
    this.target = target;
  }

  /**
   * The tile's size on screen (device pixels); the output size follows from the next picture on
   * (the canvas is resized in the same task as it is drawn, so it never shows empty).
   */
  setTarget(target: { width: number; height: number } | null): void {
    this.target = target;
  }

  /** Called by the decoder on each sequence header. */
  resize(width: number, height: number): void {
    this.width = width | 0;
    this.height = height | 0;
  }

  /** JSMpeg calls this while loading; a tile shows its last picture or nothing instead. */
  renderProgress(): void {}

  /** Converts and draws one picture; planes come in JSMpeg's order (Y, Cr, Cb). */
  render(y: Uint8Array, cr: Uint8Array, cb: Uint8Array): void {
    if (!this.enabled || this.width === 0) return;
    this.last = { y, cr, cb };
    this.painter.paint(this.last, this.width, this.height, outputSize(this, this.target));
  }

  /**
   * The last picture at the stream's full size, on a new canvas (for snapshots); null before
   * the first picture or if the decoder's memory moved since.
   */
  fullFrame(): HTMLCanvasElement | null {
    const last = this.last;
    if (!last || this.width === 0 || last.y.length === 0) return null;
    const canvas = document.createElement('canvas');
    canvas.width = this.width;
    canvas.height = this.height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    const image = context.createImageData(this.width, this.height);
    convertFull(last.y, last.cr, last.cb, new Uint32Array(image.data.buffer), this.width, this.height);
    context.putImageData(image, 0, 0);
    return canvas;
  }

  destroy(): void {
    this.last = null;
    this.painter.release();
  }
}
