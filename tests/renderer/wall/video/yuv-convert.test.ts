import { describe, expect, it } from 'vitest';
import {
  convertFull,
  convertSampled,
  outputSize,
  samplingFor,
} from '../../../../src-renderer/wall/video/yuv-convert';

/** A picture as JSMpeg's decoder lays it out: planes with a stride rounded up to 16. */
function picture(
  width: number,
  height: number,
  fill: (plane: 'y' | 'cr' | 'cb', x: number, y: number) => number,
) {
  const stride = ((width + 15) >> 4) << 4;
  const codedHeight = ((height + 15) >> 4) << 4;
  const y = new Uint8Array(stride * codedHeight).fill(0xee);
  const cr = new Uint8Array((stride * codedHeight) >> 2).fill(0xee);
  const cb = new Uint8Array((stride * codedHeight) >> 2).fill(0xee);
  for (let row = 0; row < height; row += 1)
    for (let col = 0; col < width; col += 1) y[row * stride + col] = fill('y', col, row);
  for (let row = 0; row < height >> 1; row += 1)
    for (let col = 0; col < width >> 1; col += 1) {
      cr[row * (stride >> 1) + col] = fill('cr', col, row);
      cb[row * (stride >> 1) + col] = fill('cb', col, row);
    }
  return { y, cr, cb, stride };
}

/** JSMpeg's own conversion formula, one pixel, as [r, g, b, a] bytes. */
function reference(l: number, vr: number, vb: number): number[] {
  const clamp = (v: number) => Math.max(0, Math.min(255, v));
  const r = vr + ((vr * 103) >> 8) - 179;
  const g = ((vb * 88) >> 8) - 44 + ((vr * 183) >> 8) - 91;
  const b = vb + ((vb * 198) >> 8) - 227;
  return [clamp(l + r), clamp(l - g), clamp(l + b), 255];
}

function bytes(pixels: Uint32Array, index: number): number[] {
  return [...new Uint8Array(pixels.buffer, index * 4, 4)];
}

/** A deterministic pseudo-random byte per position, so a mis-indexed read shows. */
const noise = (plane: string, x: number, y: number) =>
  (x * 73 + y * 151 + (plane === 'y' ? 0 : plane === 'cr' ? 17 : 41) + ((x * y) % 13)) & 0xff;

describe('tile output size', () => {
  it('keeps the stream size when the tile is unknown, bigger, or within 5 %', () => {
    const source = { width: 640, height: 360 };
    expect(outputSize(source, null)).toEqual(source);
    expect(outputSize(source, { width: 1920, height: 1080 })).toEqual(source);
    expect(outputSize(source, { width: 620, height: 350 })).toEqual(source);
  });

  it('fits the tile with the stream aspect ratio (object-fit: contain)', () => {
    // A 4×4 tile on a 1080p monitor beside the camera tree.
    expect(outputSize({ width: 640, height: 360 }, { width: 405, height: 246 })).toEqual({
      width: 405,
      height: 228,
    });
    // Taller than wide: the height limits.
    expect(outputSize({ width: 640, height: 360 }, { width: 600, height: 180 })).toEqual({
      width: 320,
      height: 180,
    });
    expect(outputSize({ width: 640, height: 360 }, { width: 1, height: 1 })).toEqual({ width: 2, height: 2 });
  });
});

describe('YCbCr conversion', () => {
  it('writes RGBA bytes in JSMpeg’s colours, red in the first byte and opaque alpha', () => {
    const { y, cr, cb } = picture(16, 2, (plane) => (plane === 'y' ? 76 : plane === 'cr' ? 255 : 85));
    const out = new Uint32Array(16 * 2);
    convertFull(y, cr, cb, out, 16, 2);
    expect(bytes(out, 0)).toEqual([254, 0, 0, 255]);
    expect(bytes(out, 31)).toEqual([254, 0, 0, 255]);
  });

  it('converts every pixel at full size as the reference formula does, across the coded stride', () => {
    const width = 100; // stride 112: a row-indexing slip reads the 0xee padding
    const height = 60;
    const { y, cr, cb, stride } = picture(width, height, noise);
    const out = new Uint32Array(width * height);
    convertFull(y, cr, cb, out, width, height);
    for (let row = 0; row < height; row += 1)
      for (let col = 0; col < width; col += 1) {
        const c = (row >> 1) * (stride >> 1) + (col >> 1);
        expect(bytes(out, row * width + col)).toEqual(reference(y[row * stride + col]!, cr[c]!, cb[c]!));
      }
  });

  it('at half size averages each 2×2 luma block with its own chroma sample', () => {
    const width = 96;
    const height = 54;
    const { y, cr, cb, stride } = picture(width, height, noise);
    const size = { width: width / 2, height: height / 2 };
    const out = new Uint32Array(size.width * size.height);
    convertSampled(y, cr, cb, out, width, samplingFor(width, height, size));
    for (let row = 0; row < size.height; row += 1)
      for (let col = 0; col < size.width; col += 1) {
        const at = (dx: number, dy: number) => y[(2 * row + dy) * stride + 2 * col + dx]!;
        const l = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) >> 2;
        const c = row * (stride >> 1) + col;
        expect(bytes(out, row * size.width + col)).toEqual(reference(l, cr[c]!, cb[c]!));
      }
  });

  it('at any other size reads blocks spread over the whole picture, inside it, in order', () => {
    const width = 640;
    const height = 360;
    const size = { width: 405, height: 228 };
    const { columns, rows } = samplingFor(width, height, size);
    expect(columns.length).toBe(405);
    expect(rows.length).toBe(228);
    expect(columns[0]).toBeLessThanOrEqual(1);
    expect(columns[404]).toBe(width - 2);
    expect(rows[227]).toBeGreaterThanOrEqual(height - 3);
    for (let i = 1; i < columns.length; i += 1) {
      expect(columns[i]!).toBeGreaterThan(columns[i - 1]!);
      expect(columns[i]! - columns[i - 1]!).toBeLessThanOrEqual(2);
    }
    // A left-to-right ramp stays a ramp: no column read twice, none out of place.
    const { y, cr, cb } = picture(width, height, (plane, x) => (plane === 'y' ? Math.floor(x / 3) : 128));
    const out = new Uint32Array(size.width * size.height);
    convertSampled(y, cr, cb, out, width, { columns, rows });
    const red = Array.from({ length: size.width }, (_, col) => bytes(out, 100 * size.width + col)[0]!);
    for (let i = 1; i < red.length; i += 1) expect(red[i]!).toBeGreaterThanOrEqual(red[i - 1]!);
    expect(red[0]).toBe(0);
    expect(red.at(-1)).toBe(213);
  });
});
