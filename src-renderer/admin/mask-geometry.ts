import type { MaskPolygon } from '../../src-shared/contract';

/** A point in normalised picture coordinates (0..1 of width and height), as the core stores masks. */
export type Point = [number, number];

/** Masks are stored to 1/10 000 of the picture: finer than a pixel of 4K, and short JSON. */
export function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 10_000) / 10_000;
}

/** A pointer position inside the drawing surface, as normalised coordinates (clamped). */
export function toNormalised(
  rect: { left: number; top: number; width: number; height: number },
  clientX: number,
  clientY: number,
): Point {
  if (rect.width <= 0 || rect.height <= 0) return [0, 0];
  return [round((clientX - rect.left) / rect.width), round((clientY - rect.top) / rect.height)];
}

/**
 * Moves a whole polygon by (dx, dy), stopping at the picture's edges: the shape never deforms
 * against a border, it stops there.
 */
export function movePolygon(points: readonly Point[], dx: number, dy: number): Point[] {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const clampedX = Math.min(Math.max(dx, -Math.min(...xs)), 1 - Math.max(...xs));
  const clampedY = Math.min(Math.max(dy, -Math.min(...ys)), 1 - Math.max(...ys));
  return points.map(([x, y]) => [round(x + clampedX), round(y + clampedY)]);
}

/** Moves one vertex to `to`. */
export function moveVertex(points: readonly Point[], index: number, to: Point): Point[] {
  return points.map((point, i) => (i === index ? [round(to[0]), round(to[1])] : point));
}

/** The SVG `points` attribute for a polygon drawn in a width × height viewBox. */
export function svgPoints(points: readonly Point[], width: number, height: number): string {
  return points.map(([x, y]) => `${(x * width).toFixed(1)},${(y * height).toFixed(1)}`).join(' ');
}

/** True when `a` and `b` are within `radius` (normalised, measured in the picture's aspect). */
export function near(a: Point, b: Point, radius: number, aspect: number): boolean {
  const dx = (a[0] - b[0]) * aspect;
  const dy = a[1] - b[1];
  return Math.hypot(dx, dy) <= radius;
}

/** A closed polygon needs three distinct corners; anything less is not a mask. */
export function isPolygon(points: readonly Point[]): boolean {
  return new Set(points.map(([x, y]) => `${x},${y}`)).size >= 3;
}

/** A deep copy of masks as the editor edits them. */
export function cloneMasks(masks: readonly MaskPolygon[]): Point[][] {
  return masks.map((mask) => mask.points.map(([x, y]) => [x, y] as Point));
}

/** Two mask sets are the same (to tell whether there is anything to save). */
export function sameMasks(a: readonly (readonly Point[])[], b: readonly (readonly Point[])[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
