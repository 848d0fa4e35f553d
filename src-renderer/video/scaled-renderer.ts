/**
 * A JSMpeg video destination that converts decoded pictures (YCbCr 4:2:0) to RGBA for a 2D
 * canvas, at full size or halved.
 *
 * Why: on a 4×4 wall a tile is about 250×140 device pixels while a grid stream can be 640×360;
 * stock JSMpeg converts and uploads every pixel of every picture, then the compositor shrinks
 * it again. Converting at half size (each output pixel averages a 2×2 block of luma and uses
 * the block's own chroma sample) costs a quarter of the conversion, of putImageData and of the
 * canvas upload, with no visible loss since the screen could not show those pixels anyway. A
 * tile big enough to show them (or maximised) converts at full size.
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
  private readonly context: CanvasRenderingContext2D;
  private image: ImageData | null = null;
  private scale: 1 | 2 = 1;
  private target: { width: number; height: number } | null;
  private last: { y: Uint8Array; cr: Uint8Array; cb: Uint8Array } | null = null;

  constructor(
    readonly canvas: HTMLCanvasElement,
    target: { width: number; height: number } | null,
  ) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D context for a tile');
    this.context = context;
    this.target = target;
  }

  /**
   * The tile's size on screen (device pixels); the scale follows from the next picture on (the
   * canvas is resized in the same task as it is drawn, so it never shows empty).
   */
  setTarget(target: { width: number; height: number } | null): void {
    this.target = target;
  }

  /** Current conversion scale (1: full size, 2: half). */
  get currentScale(): 1 | 2 {
    return this.scale;
  }

  /** Called by the decoder on each sequence header. */
  resize(width: number, height: number): void {
    this.width = width | 0;
    this.height = height | 0;
    this.scale = chooseScale(this, this.target);
    this.allocate();
  }

  /** JSMpeg calls this while loading; a tile shows its last picture or nothing instead. */
  renderProgress(): void {}

  /** Converts and draws one picture; planes come in JSMpeg's order (Y, Cr, Cb). */
  render(y: Uint8Array, cr: Uint8Array, cb: Uint8Array): void {
    if (!this.enabled || this.width === 0) return;
    this.last = { y, cr, cb };
    const scale = chooseScale(this, this.target);
    if (scale !== this.scale || !this.image) {
      this.scale = scale;
      this.allocate();
    }
    const image = this.image;
    if (!image) return;
    if (this.scale === 2) convertHalf(y, cr, cb, image.data, this.width, this.height);
    else convertFull(y, cr, cb, image.data, this.width, this.height);
    this.context.putImageData(image, 0, 0);
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
    image.data.fill(255); // opaque: the conversion writes colour channels only
    convertFull(last.y, last.cr, last.cb, image.data, this.width, this.height);
    context.putImageData(image, 0, 0);
    return canvas;
  }

  destroy(): void {
    this.last = null;
    this.image = null;
  }

  private allocate(): void {
    if (this.width === 0 || this.height === 0) return;
    const width = this.scale === 2 ? this.width >> 1 : this.width;
    const height = this.scale === 2 ? this.height >> 1 : this.height;
    this.canvas.width = width;
    this.canvas.height = height;
    this.image = this.context.createImageData(width, height);
    this.image.data.fill(255);
  }
}

/** The full-size conversion, two rows and two columns at a time (one chroma sample each). */
function convertFull(
  y: Uint8Array,
  cr: Uint8Array,
  cb: Uint8Array,
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
): void {
  const stride = ((width + 15) >> 4) << 4;
  const chromaStride = stride >> 1;
  const cols = width >> 1;
  const rows = height >> 1;
  for (let row = 0; row < rows; row += 1) {
    let y1 = 2 * row * stride;
    let y2 = y1 + stride;
    let c = row * chromaStride;
    let o1 = 2 * row * width * 4;
    let o2 = o1 + width * 4;
    for (let col = 0; col < cols; col += 1) {
      const vr = cr[c]!;
      const vb = cb[c]!;
      c += 1;
      const r = vr + ((vr * 103) >> 8) - 179;
      const g = ((vb * 88) >> 8) - 44 + ((vr * 183) >> 8) - 91;
      const b = vb + ((vb * 198) >> 8) - 227;
      let l = y[y1++]!;
      rgba[o1] = l + r;
      rgba[o1 + 1] = l - g;
      rgba[o1 + 2] = l + b;
      l = y[y1++]!;
      rgba[o1 + 4] = l + r;
      rgba[o1 + 5] = l - g;
      rgba[o1 + 6] = l + b;
      o1 += 8;
      l = y[y2++]!;
      rgba[o2] = l + r;
      rgba[o2 + 1] = l - g;
      rgba[o2 + 2] = l + b;
      l = y[y2++]!;
      rgba[o2 + 4] = l + r;
      rgba[o2 + 5] = l - g;
      rgba[o2 + 6] = l + b;
      o2 += 8;
    }
  }
}

/** The half-size conversion: one output pixel per 2×2 luma block and its chroma sample. */
function convertHalf(
  y: Uint8Array,
  cr: Uint8Array,
  cb: Uint8Array,
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
): void {
  const stride = ((width + 15) >> 4) << 4;
  const chromaStride = stride >> 1;
  const cols = width >> 1;
  const rows = height >> 1;
  let o = 0;
  for (let row = 0; row < rows; row += 1) {
    let y1 = 2 * row * stride;
    let y2 = y1 + stride;
    let c = row * chromaStride;
    for (let col = 0; col < cols; col += 1) {
      const vr = cr[c]!;
      const vb = cb[c]!;
      c += 1;
      const l = (y[y1]! + y[y1 + 1]! + y[y2]! + y[y2 + 1]! + 2) >> 2;
      y1 += 2;
      y2 += 2;
      rgba[o] = l + vr + ((vr * 103) >> 8) - 179;
      rgba[o + 1] = l - (((vb * 88) >> 8) - 44 + ((vr * 183) >> 8) - 91);
      rgba[o + 2] = l + vb + ((vb * 198) >> 8) - 227;
      o += 4;
    }
  }
}

/**
 * The conversion scale for a tile: half when the halved picture still has at least as many
 * pixels as the tile shows (within 5 %), full otherwise or while the tile size is unknown.
 */
export function chooseScale(
  source: { width: number; height: number },
  tile: { width: number; height: number } | null,
): 1 | 2 {
  if (!tile || source.width === 0) return 1;
  const half = { width: source.width / 2, height: source.height / 2 };
  return half.width >= tile.width * 0.95 && half.height >= tile.height * 0.95 ? 2 : 1;
}
