/** Where one plane starts in a buffer, and the bytes from one of its rows to the next. */
export interface PlaneOffset {
  offset: number;
  stride: number;
}

/** An I420 picture laid out the way JSMpeg lays out its planes, so yuv-convert reads it as is. */
export interface I420Layout {
  width: number;
  height: number;
  /** Luma stride: the width rounded up to 16, as yuv-convert assumes. */
  stride: number;
  chromaStride: number;
  chromaHeight: number;
  totalBytes: number;
  /** Y, then U (Cb), then V (Cr): I420's plane order, as VideoFrame.copyTo takes a layout. */
  planes: [PlaneOffset, PlaneOffset, PlaneOffset];
}

/**
 * The buffer layout a WebCodecs picture of `width`×`height` (its visible size) is copied into so
 * convertFull / convertSampled convert it unchanged: they derive the luma stride from the width
 * (rounded up to 16, JSMpeg's macroblock width) and the chroma stride as half of it.
 * DOM-free so it is unit-tested; `planes` is structurally the DOM's PlaneLayout[].
 */
export function i420Layout(width: number, height: number): I420Layout {
  const stride = ((width + 15) >> 4) << 4;
  const chromaStride = stride >> 1;
  const chromaHeight = (height + 1) >> 1;
  const lumaBytes = stride * height;
  const chromaBytes = chromaStride * chromaHeight;
  return {
    width,
    height,
    stride,
    chromaStride,
    chromaHeight,
    totalBytes: lumaBytes + 2 * chromaBytes,
    planes: [
      { offset: 0, stride },
      { offset: lumaBytes, stride: chromaStride },
      { offset: lumaBytes + chromaBytes, stride: chromaStride },
    ],
  };
}

/** The planes of `buffer` (laid out by i420Layout), named as yuv-convert takes them. */
export function i420Planes(
  buffer: Uint8Array,
  layout: I420Layout,
): { y: Uint8Array; cb: Uint8Array; cr: Uint8Array } {
  const [, u, v] = layout.planes;
  return {
    y: buffer.subarray(0, u.offset),
    cb: buffer.subarray(u.offset, v.offset),
    cr: buffer.subarray(v.offset, layout.totalBytes),
  };
}

/** A picture's reusable copy: its layout, the buffer, and the planes as yuv-convert reads them. */
export interface I420Buffer {
  layout: I420Layout;
  buffer: Uint8Array;
  y: Uint8Array;
  cb: Uint8Array;
  cr: Uint8Array;
}

/** A new buffer laid out by i420Layout for a `width`×`height` picture. */
export function allocateI420(width: number, height: number): I420Buffer {
  const layout = i420Layout(width, height);
  const buffer = new Uint8Array(layout.totalBytes);
  return { layout, buffer, ...i420Planes(buffer, layout) };
}
