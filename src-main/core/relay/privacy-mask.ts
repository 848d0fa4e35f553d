import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';

/** A privacy mask: a polygon in normalised coordinates (0..1 of the picture's width and height). */
export interface MaskPolygon {
  points: readonly (readonly [number, number])[];
}

/** Size of the rasterised mask; ffmpeg scales it to each stream's picture (scale2ref). */
export const MASK_WIDTH = 640;
export const MASK_HEIGHT = 360;

/** The opaque grey burnt over masked areas (RGB), distinct from any scene colour of the demo fleet. */
export const MASK_RGB = [0x50, 0x50, 0x50] as const;

/**
 * Rasterises polygons (even-odd rule, scanline at pixel centres) into an RGBA frame: opaque
 * grey inside, transparent outside. Done in the core and burnt in by ffmpeg before encoding, so
 * masked pixels never leave the core — there is nothing for a client to "lift".
 */
export function rasterizeMask(
  polygons: readonly MaskPolygon[],
  width = MASK_WIDTH,
  height = MASK_HEIGHT,
): Buffer {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const cy = (y + 0.5) / height;
    const crossings: number[] = [];
    for (const polygon of polygons) {
      const points = polygon.points;
      for (let i = 0; i < points.length; i += 1) {
        const [x1, y1] = points[i] ?? [0, 0];
        const [x2, y2] = points[(i + 1) % points.length] ?? [0, 0];
        if (y1 === y2 || cy < Math.min(y1, y2) || cy >= Math.max(y1, y2)) continue;
        crossings.push(x1 + ((cy - y1) / (y2 - y1)) * (x2 - x1));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      const from = Math.max(0, Math.round((crossings[i] ?? 0) * width));
      const to = Math.min(width, Math.round((crossings[i + 1] ?? 0) * width));
      for (let x = from; x < to; x += 1) {
        const offset = (y * width + x) * 4;
        rgba[offset] = MASK_RGB[0];
        rgba[offset + 1] = MASK_RGB[1];
        rgba[offset + 2] = MASK_RGB[2];
        rgba[offset + 3] = 255;
      }
    }
  }
  return rgba;
}

/**
 * Writes a camera's mask as a raw RGBA file named by its content hash (a change of polygons is
 * a new file, so a running ffmpeg never sees a half-written one). Returns null without masks.
 */
export function maskFile(dir: string, polygons: readonly MaskPolygon[]): string | null {
  if (polygons.length === 0) return null;
  const rgba = rasterizeMask(polygons);
  const file = path.join(dir, `mask-${createHash('sha256').update(rgba).digest('hex').slice(0, 16)}.rgba`);
  if (!existsSync(file)) writeFileAtomic(file, rgba);
  return file;
}
