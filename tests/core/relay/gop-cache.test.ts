import { describe, expect, it } from 'vitest';
import { VIDEO_FLAG_KEYFRAME, VIDEO_FLAG_RESET } from '../../../src-shared/contract';
import { GopCache } from '../../../src-main/core/relay/gop-cache';

const chunk = (size: number, fill = 1) => Buffer.alloc(size, fill);

describe('the keyframe cache every relay stage shares', () => {
  it('drops what comes before a restart’s first keyframe, and flags that keyframe RESET once', () => {
    const gop = new GopCache(1000);
    expect(gop.waitingForKeyframe).toBe(true);
    expect(gop.accept(chunk(10), false)).toBeNull();
    expect(gop.accept(chunk(10), true)).toBe(VIDEO_FLAG_KEYFRAME | VIDEO_FLAG_RESET);
    expect(gop.waitingForKeyframe).toBe(false);
    expect(gop.accept(chunk(10), false)).toBe(0);
    expect(gop.accept(chunk(10), true)).toBe(VIDEO_FLAG_KEYFRAME);
    gop.restart();
    expect(gop.chunks).toHaveLength(0);
    expect(gop.accept(chunk(10), false)).toBeNull();
    expect(gop.accept(chunk(10), true)).toBe(VIDEO_FLAG_KEYFRAME | VIDEO_FLAG_RESET);
  });

  it('keeps the pictures since the last keyframe, within its byte bound, and forwards the rest anyway', () => {
    const gop = new GopCache(25);
    gop.accept(chunk(10, 1), true);
    gop.accept(chunk(10, 2), false);
    expect(gop.accept(chunk(10, 3), false)).toBe(0); // forwarded, not kept: 30 > 25
    expect(gop.chunks.map((c) => c[0])).toEqual([1, 2]);
    gop.accept(chunk(10, 4), true);
    expect(gop.chunks.map((c) => c[0])).toEqual([4]);
    gop.clear();
    expect(gop.chunks).toHaveLength(0);
    expect(gop.waitingForKeyframe).toBe(false);
  });
});
