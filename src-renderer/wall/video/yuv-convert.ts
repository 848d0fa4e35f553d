/**
 * YCbCr 4:2:0 → RGBA conversion for the tiles, at full size or reduced, free of any DOM type so
 * it is unit-tested under Node (scaled-renderer.ts draws the result).
 *
 * Pixels are written as 32-bit words (one store instead of four clamped byte stores), so byte
 * order is little-endian, as on every platform Electron and Chromium ship for (x64, arm64).
 */

/** Width and height in pixels. */
export interface OutputSize {
  width: number;
  height: number;
}

/**
 * The size to convert a `source` picture at for a tile of `tile` device pixels: the largest size
 * with the source's aspect ratio that fits the tile (the canvas is drawn with object-fit:
 * contain), never larger than the source. Within 5 % of the source it stays 1:1: the exact path
 * is the cheaper one per pixel and nothing visible would be saved. Full size while the tile's
 * size is unknown.
 */
export function outputSize(source: OutputSize, tile: OutputSize | null): OutputSize {
  const full = { width: source.width, height: source.height };
  if (!tile || source.width === 0 || source.height === 0 || tile.width <= 0 || tile.height <= 0) return full;
  const factor = Math.min(tile.width / source.width, tile.height / source.height);
  if (factor >= 0.95) return full;
  return {
    width: Math.max(2, Math.round(source.width * factor)),
    height: Math.max(2, Math.round(source.height * factor)),
  };
}

/** Where each output column and row reads its 2×2 luma block (top-left sample); see samplingFor. */
export interface Sampling {
  columns: Int32Array;
  rows: Int32Array;
}

/**
 * The 2×2 block under each output pixel's centre, clamped inside the picture; computed once per
 * size change so the per-pixel loop only reads two small tables.
 */
export function samplingFor(width: number, height: number, size: OutputSize): Sampling {
  const axis = (out: number, source: number) => {
    const map = new Int32Array(out);
    for (let i = 0; i < out; i += 1) {
      // Centre of the output pixel in source coordinates, then the 2×2 block around it.
      const centre = ((i + 0.5) * source) / out;
      map[i] = Math.max(0, Math.min(source - 2, Math.floor(centre - 0.5)));
    }
    return map;
  };
  return { columns: axis(size.width, width), rows: axis(size.height, height) };
}

/**
 * Clamps to 0..255, indexed by value + CLAMP_BIAS: a table lookup is cheaper than the clamping
 * stores of a Uint8ClampedArray, and lets a pixel be written as one 32-bit word.
 */
const CLAMP_BIAS = 256;
const CLAMP = (() => {
  const table = new Uint8Array(1024);
  for (let i = 0; i < table.length; i += 1) table[i] = Math.max(0, Math.min(255, i - CLAMP_BIAS));
  return table;
})();
const OPAQUE = 0xff000000;

/** The 1:1 conversion, two rows and two columns at a time (one chroma sample each). */
export function convertFull(
  y: Uint8Array,
  cr: Uint8Array,
  cb: Uint8Array,
  out: Uint32Array,
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
    let o1 = 2 * row * width;
    let o2 = o1 + width;
    for (let col = 0; col < cols; col += 1) {
      const vr = cr[c]!;
      const vb = cb[c]!;
      c += 1;
      const r = vr + ((vr * 103) >> 8) - 179 + CLAMP_BIAS;
      const g = CLAMP_BIAS - (((vb * 88) >> 8) - 44 + ((vr * 183) >> 8) - 91);
      const b = vb + ((vb * 198) >> 8) - 227 + CLAMP_BIAS;
      let l = y[y1++]!;
      out[o1++] = OPAQUE | (CLAMP[l + b]! << 16) | (CLAMP[l + g]! << 8) | CLAMP[l + r]!;
      l = y[y1++]!;
      out[o1++] = OPAQUE | (CLAMP[l + b]! << 16) | (CLAMP[l + g]! << 8) | CLAMP[l + r]!;
      l = y[y2++]!;
      out[o2++] = OPAQUE | (CLAMP[l + b]! << 16) | (CLAMP[l + g]! << 8) | CLAMP[l + r]!;
      l = y[y2++]!;
      out[o2++] = OPAQUE | (CLAMP[l + b]! << 16) | (CLAMP[l + g]! << 8) | CLAMP[l + r]!;
    }
  }
}

/** The reduced conversion: each output pixel is the 2×2 luma block its sampling names, and that block's chroma. */
export function convertSampled(
  y: Uint8Array,
  cr: Uint8Array,
  cb: Uint8Array,
  out: Uint32Array,
  width: number,
  sampling: Sampling,
): void {
  const stride = ((width + 15) >> 4) << 4;
  const chromaStride = stride >> 1;
  const { columns, rows } = sampling;
  let o = 0;
  for (let row = 0; row < rows.length; row += 1) {
    const top = rows[row]!;
    const line1 = top * stride;
    const line2 = line1 + stride;
    const chromaLine = ((top + 1) >> 1) * chromaStride;
    for (let col = 0; col < columns.length; col += 1) {
      const left = columns[col]!;
      const c = chromaLine + ((left + 1) >> 1);
      const vr = cr[c]!;
      const vb = cb[c]!;
      const l = (y[line1 + left]! + y[line1 + left + 1]! + y[line2 + left]! + y[line2 + left + 1]! + 2) >> 2;
      out[o++] =
        OPAQUE |
        (CLAMP[l + vb + ((vb * 198) >> 8) - 227 + CLAMP_BIAS]! << 16) |
        (CLAMP[l + CLAMP_BIAS - (((vb * 88) >> 8) - 44 + ((vr * 183) >> 8) - 91)]! << 8) |
        CLAMP[l + vr + ((vr * 103) >> 8) - 179 + CLAMP_BIAS]!;
    }
  }
}
