import { describe, expect, it } from 'vitest';
import { rasterizeMask } from '../../../src-main/core/relay/privacy-mask';
import { LEFT_HALF } from '../../support/video-frames';

function coverage(rgba: Buffer): number {
  let opaque = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] === 255) opaque += 1;
  return opaque / (rgba.length / 4);
}

/** The share of a `width`×`height` mask that one polygon makes opaque. */
function polygonCoverage(points: [number, number][], width: number, height: number): number {
  return coverage(rasterizeMask([{ points }], width, height));
}

describe('rasterizeMask', () => {
  it('fills a polygon and nothing else', () => {
    const square: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    expect(polygonCoverage(square, 64, 36)).toBe(1);
    expect(polygonCoverage(LEFT_HALF.points, 64, 36)).toBeCloseTo(0.5, 2);
    // A right triangle covers half of its bounding box.
    const triangle: [number, number][] = [
      [0, 0],
      [1, 0],
      [0, 1],
    ];
    expect(polygonCoverage(triangle, 200, 200)).toBeCloseTo(0.5, 1);
  });

  it('unions several polygons and leaves the outside transparent', () => {
    const rgba = rasterizeMask(
      [
        {
          points: [
            [0, 0],
            [0.25, 0],
            [0.25, 0.25],
            [0, 0.25],
          ],
        },
        {
          points: [
            [0.75, 0.75],
            [1, 0.75],
            [1, 1],
            [0.75, 1],
          ],
        },
      ],
      100,
      100,
    );
    expect(coverage(rgba)).toBeCloseTo(0.125, 2);
    const center = (50 * 100 + 50) * 4;
    expect(rgba[center + 3]).toBe(0);
  });
});
