import { convertFull, convertSampled, samplingFor, type OutputSize, type Sampling } from './yuv-convert';

/** One picture's planes in JSMpeg's layout (luma stride = width rounded up to 16; see i420-layout.ts). */
export interface YuvPlanes {
  y: Uint8Array;
  cr: Uint8Array;
  cb: Uint8Array;
}

/**
 * Draws YCbCr 4:2:0 pictures onto a 2D canvas at a given output size, reusing its ImageData and
 * sampling table while the sizes stay the same. Shared by both decoders' tiles (JSMpeg's
 * ScaledCanvasRenderer and WebCodecs' I420 copies), so both paths cost the same per shown pixel
 * and a change to the conversion reaches both.
 *
 * The canvas is resized in the same task as it is drawn, so it never shows empty.
 */
export class YuvPainter {
  private image: ImageData | null = null;
  private pixels: Uint32Array | null = null;
  private sampling: Sampling | null = null;
  private samplingKey = '';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly context: CanvasRenderingContext2D,
  ) {}

  /** Converts a `width`×`height` picture at `size` (1:1 when equal) and puts it on the canvas. */
  paint(planes: YuvPlanes, width: number, height: number, size: OutputSize): void {
    if (width === 0 || height === 0 || size.width === 0 || size.height === 0) return;
    if (!this.image || this.image.width !== size.width || this.image.height !== size.height) {
      this.image = this.context.createImageData(size.width, size.height);
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    const pixels = this.pixels;
    if (!pixels) return;
    if (size.width === width && size.height === height) {
      convertFull(planes.y, planes.cr, planes.cb, pixels, width, height);
    } else {
      // Also maps a stream with non-square pixels (display size ≠ coded size) onto the tile.
      const key = `${width}x${height}>${size.width}x${size.height}`;
      if (!this.sampling || key !== this.samplingKey) {
        this.sampling = samplingFor(width, height, size);
        this.samplingKey = key;
      }
      convertSampled(planes.y, planes.cr, planes.cb, pixels, width, this.sampling);
    }
    if (this.canvas.width !== size.width) this.canvas.width = size.width;
    if (this.canvas.height !== size.height) this.canvas.height = size.height;
    this.context.putImageData(this.image, 0, 0);
  }

  /** Frees the buffers (the canvas keeps its picture). */
  release(): void {
    this.image = null;
    this.pixels = null;
    this.sampling = null;
    this.samplingKey = '';
  }
}
