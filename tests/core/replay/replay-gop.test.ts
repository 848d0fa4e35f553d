import { describe, expect, it } from 'vitest';
import { ReplayGop } from '../../../src-main/core/replay/replay-buffer';

/** A chunk of `length` bytes whose every byte says which chunk it is. */
function chunk(index: number, length: number): Buffer {
  return Buffer.alloc(length, index & 0xff);
}

describe('replay GOP storage: chunks back to back in one growing buffer', () => {
  it('gives back every chunk byte for byte across growth and compaction, and views already handed out stay intact', () => {
    const gop = new ReplayGop(0, false, null);
    const sizes = [40_000, 188 * 7, 30_000, 188, 90_000, 5_000];
    const views: Buffer[] = [];
    sizes.forEach((size, index) => {
      gop.append(chunk(index, size), 1000 + index);
      // A reader holds a view of this chunk (no copy) while later ones make the buffer grow.
      views.push(gop.chunk(index)?.data ?? Buffer.alloc(0));
    });
    sizes.forEach((size, index) => {
      expect(views[index]?.equals(chunk(index, size))).toBe(true);
      expect(gop.chunk(index)?.data.equals(chunk(index, size))).toBe(true);
      expect(gop.chunk(index)?.at).toBe(1000 + index);
    });
    gop.compact();
    sizes.forEach((size, index) => {
      expect(gop.chunk(index)?.data.equals(chunk(index, size))).toBe(true);
      expect(views[index]?.equals(chunk(index, size))).toBe(true);
    });
    expect(gop.chunk(sizes.length)).toBeNull();
    expect(gop.count).toBe(sizes.length);
  });

  it('copies what it keeps: the source reusing its read buffer does not change the replay', () => {
    const gop = new ReplayGop(0, false, null);
    const read = chunk(7, 1000);
    gop.append(read, 1);
    read.fill(0);
    expect(gop.chunk(0)?.data.equals(chunk(7, 1000))).toBe(true);
  });
});
