import { describe, expect, it } from 'vitest';
import { i420Layout, i420Planes, type I420Layout } from '../../../../src-renderer/wall/video/i420-layout';
import { convertFull, convertSampled, samplingFor } from '../../../../src-renderer/wall/video/yuv-convert';

/** A tightly packed I420 picture, as a decoder holds it, with a distinct byte per sample. */
function tightPicture(width: number, height: number) {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const value = (plane: number, x: number, y: number) =>
    (x * 37 + y * 101 + plane * 59 + ((x * y) % 11)) & 0xff;
  const y = Uint8Array.from({ length: width * height }, (_, i) => value(0, i % width, Math.floor(i / width)));
  const u = Uint8Array.from({ length: cw * ch }, (_, i) => value(1, i % cw, Math.floor(i / cw)));
  const v = Uint8Array.from({ length: cw * ch }, (_, i) => value(2, i % cw, Math.floor(i / cw)));
  return { width, height, cw, ch, y, u, v };
}

/** What VideoFrame.copyTo does with a layout: each plane's rows at offset + row × stride. */
function copyTo(picture: ReturnType<typeof tightPicture>, layout: I420Layout): Uint8Array {
  const buffer = new Uint8Array(layout.totalBytes).fill(0xee);
  const planes = [
    { data: picture.y, width: picture.width, rows: picture.height },
    { data: picture.u, width: picture.cw, rows: picture.ch },
    { data: picture.v, width: picture.cw, rows: picture.ch },
  ];
  planes.forEach((plane, index) => {
    const { offset, stride } = layout.planes[index] ?? { offset: 0, stride: 0 };
    for (let row = 0; row < plane.rows; row += 1)
      buffer.set(plane.data.subarray(row * plane.width, (row + 1) * plane.width), offset + row * stride);
  });
  return buffer;
}

/** JSMpeg's formula, one pixel, as a little-endian RGBA word. */
function reference(l: number, vr: number, vb: number): number {
  const clamp = (value: number) => Math.max(0, Math.min(255, value));
  const r = clamp(l + vr + ((vr * 103) >> 8) - 179);
  const g = clamp(l - (((vb * 88) >> 8) - 44 + ((vr * 183) >> 8) - 91));
  const b = clamp(l + vb + ((vb * 198) >> 8) - 227);
  return (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
}

describe('I420 copy layout', () => {
  it('rounds the luma stride up to 16 and halves it for chroma, planes in Y, U, V order', () => {
    const layout = i420Layout(650, 362);
    expect(layout.stride).toBe(656);
    expect(layout.chromaStride).toBe(328);
    expect(layout.chromaHeight).toBe(181);
    expect(layout.planes).toEqual([
      { offset: 0, stride: 656 },
      { offset: 656 * 362, stride: 328 },
      { offset: 656 * 362 + 328 * 181, stride: 328 },
    ]);
    expect(layout.totalBytes).toBe(656 * 362 + 2 * 328 * 181);
  });

  it.each([
    [640, 360],
    [650, 362],
    [176, 144],
  ])('gives convertFull a %i×%i picture it converts exactly, V as Cr and U as Cb', (width, height) => {
    const picture = tightPicture(width, height);
    const layout = i420Layout(width, height);
    const { y, cr, cb } = i420Planes(copyTo(picture, layout), layout);
    const out = new Uint32Array(width * height);
    convertFull(y, cr, cb, out, width, height);
    for (let row = 0; row < height - (height % 2); row += 1)
      for (let col = 0; col < width - (width % 2); col += 1) {
        const c = (row >> 1) * picture.cw + (col >> 1);
        const expected = reference(picture.y[row * width + col] ?? 0, picture.v[c] ?? 0, picture.u[c] ?? 0);
        if (out[row * width + col] !== expected) throw new Error(`pixel ${col},${row} differs`);
      }
    expect(out[out.length - width - 1]).not.toBe(0);
  });

  it('gives convertSampled the right chroma for each reduced pixel', () => {
    const width = 640;
    const height = 360;
    const picture = tightPicture(width, height);
    const layout = i420Layout(width, height);
    const { y, cr, cb } = i420Planes(copyTo(picture, layout), layout);
    const size = { width: 405, height: 228 };
    const sampling = samplingFor(width, height, size);
    const out = new Uint32Array(size.width * size.height);
    convertSampled(y, cr, cb, out, width, sampling);
    for (let row = 0; row < size.height; row += 1)
      for (let col = 0; col < size.width; col += 1) {
        const top = sampling.rows[row] ?? 0;
        const left = sampling.columns[col] ?? 0;
        const at = (x: number, r: number) => picture.y[r * width + x] ?? 0;
        const l = (at(left, top) + at(left + 1, top) + at(left, top + 1) + at(left + 1, top + 1) + 2) >> 2;
        const c = ((top + 1) >> 1) * picture.cw + ((left + 1) >> 1);
        const expected = reference(l, picture.v[c] ?? 0, picture.u[c] ?? 0);
        if (out[row * size.width + col] !== expected) throw new Error(`pixel ${col},${row} differs`);
      }
  });
});
