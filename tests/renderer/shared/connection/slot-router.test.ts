import { describe, expect, it, vi } from 'vitest';
import {
  MAX_SLOT,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  VIDEO_HEADER_BYTES,
  writeVideoHeader,
} from '../../../../src-shared/contract';
import { SlotRouter, type VideoSink } from '../../../../src-renderer/shared/connection/slot-router';

function frame(slot: number, flags: number, payload: number[], sentAt = performance.now()): Uint8Array {
  const bytes = new Uint8Array(VIDEO_HEADER_BYTES + payload.length);
  writeVideoHeader(bytes, slot, flags, sentAt);
  bytes.set(payload, VIDEO_HEADER_BYTES);
  return bytes;
}

function recordingSink() {
  const chunks: Array<{ payload: number[]; flags: number }> = [];
  const sink: VideoSink = {
    onChunk: (payload, flags) => chunks.push({ payload: [...new Uint8Array(payload)], flags }),
  };
  return { sink, chunks };
}

describe('SlotRouter allocation', () => {
  it('hands out distinct slots and does not immediately reuse a released one', () => {
    const router = new SlotRouter();
    const { sink } = recordingSink();
    const a = router.allocate({ cameraId: 'a', profile: 'grid', sink });
    const b = router.allocate({ cameraId: 'b', profile: 'grid', sink });
    expect(a).not.toBe(b);
    router.release(a);
    const c = router.allocate({ cameraId: 'c', profile: 'grid', sink });
    expect(c).not.toBe(a);
    expect(c).not.toBe(b);
    expect(router.size).toBe(2);
  });

  it('wraps around MAX_SLOT and skips slots still in use', () => {
    const router = new SlotRouter();
    const { sink } = recordingSink();
    const first = router.allocate({ cameraId: 'keep', profile: 'grid', sink });
    for (let slot = first + 1; slot <= MAX_SLOT; slot += 1) {
      router.release(router.allocate({ cameraId: 'tmp', profile: 'grid', sink }));
    }
    const wrapped = router.allocate({ cameraId: 'next', profile: 'grid', sink });
    expect(wrapped).not.toBe(first);
    expect(wrapped).toBeGreaterThanOrEqual(0);
    expect(wrapped).toBeLessThanOrEqual(MAX_SLOT);
  });

  it('reports release of an unknown slot', () => {
    expect(new SlotRouter().release(12)).toBe(false);
  });

  it('lists subscriptions for re-sending watches', () => {
    const router = new SlotRouter();
    const { sink } = recordingSink();
    const slot = router.allocate({ cameraId: 'cam-9', profile: 'full', sink });
    expect(router.entries()).toEqual([[slot, { cameraId: 'cam-9', profile: 'full', sink }]]);
  });
});

describe('SlotRouter dispatch', () => {
  it('strips the header and delivers payload and flags to the slot sink', () => {
    const router = new SlotRouter();
    const one = recordingSink();
    const two = recordingSink();
    const slotOne = router.allocate({ cameraId: 'a', profile: 'grid', sink: one.sink });
    const slotTwo = router.allocate({ cameraId: 'b', profile: 'grid', sink: two.sink });
    expect(router.dispatch(frame(slotTwo, VIDEO_FLAG_KEYFRAME, [0x47, 1, 2]))).toBe(true);
    expect(router.dispatch(frame(slotOne, 0, [0x47, 9]))).toBe(true);
    expect(two.chunks).toEqual([{ payload: [0x47, 1, 2], flags: VIDEO_FLAG_KEYFRAME }]);
    expect(one.chunks).toEqual([{ payload: [0x47, 9], flags: 0 }]);
  });

  it('reads slot numbers above 255 (big-endian u16)', () => {
    const router = new SlotRouter();
    const target = recordingSink();
    const other = recordingSink();
    let slot = -1;
    for (let i = 0; i <= 0x1234; i += 1) {
      slot = router.allocate({
        cameraId: `c${i}`,
        profile: 'grid',
        sink: i === 0x1234 ? target.sink : other.sink,
      });
    }
    expect(slot).toBe(0x1234);
    router.dispatch(frame(0x1234, 0, [7]));
    expect(target.chunks).toEqual([{ payload: [7], flags: 0 }]);
    expect(other.chunks).toEqual([]);
  });

  it('honours a view into a larger buffer', () => {
    const router = new SlotRouter();
    const { sink, chunks } = recordingSink();
    const slot = router.allocate({ cameraId: 'a', profile: 'grid', sink });
    const backing = new Uint8Array(5 + VIDEO_HEADER_BYTES + 3 + 4).fill(0xee);
    backing.set(frame(slot, 0, [1, 2, 3]), 5);
    router.dispatch(backing.subarray(5, 5 + VIDEO_HEADER_BYTES + 3));
    expect(chunks).toEqual([{ payload: [1, 2, 3], flags: 0 }]);
  });

  it("passes each chunk's source lag to its sink, as the core wrote it", () => {
    const router = new SlotRouter();
    const lags: number[] = [];
    const slot = router.allocate({
      cameraId: 'a',
      profile: 'grid',
      sink: { onChunk: (_payload, _flags, _sentAt, sourceLagMs) => lags.push(sourceLagMs) },
    });
    const late = new Uint8Array(VIDEO_HEADER_BYTES + 1);
    writeVideoHeader(late, slot, 0, performance.now(), 3_200);
    router.dispatch(late);
    router.dispatch(frame(slot, 0, [1]));
    expect(lags).toEqual([3_200, 0]);
  });

  it('hands out a payload that owns its bytes', () => {
    const router = new SlotRouter();
    let received: ArrayBuffer | null = null;
    const slot = router.allocate({
      cameraId: 'a',
      profile: 'grid',
      sink: { onChunk: (p) => (received = p) },
    });
    router.dispatch(frame(slot, 0, [1, 2, 3, 4]));
    expect(received).toBeInstanceOf(ArrayBuffer);
    expect((received as unknown as ArrayBuffer).byteLength).toBe(4);
  });

  it('drops malformed frames and frames for unknown or released slots', () => {
    const router = new SlotRouter();
    const { sink, chunks } = recordingSink();
    const slot = router.allocate({ cameraId: 'a', profile: 'grid', sink });
    expect(router.dispatch(new Uint8Array([1, 0]))).toBe(false);
    const wrongKind = frame(slot, 0, [1]);
    wrongKind[0] = 0x02;
    expect(router.dispatch(wrongKind)).toBe(false);
    expect(router.dispatch(frame(slot + 1, 0, [1]))).toBe(false);
    router.release(slot);
    expect(router.dispatch(frame(slot, 0, [1]))).toBe(false);
    expect(chunks).toEqual([]);
  });

  it('adds RESET to the next chunk of every slot after markAllForReset, once', () => {
    const router = new SlotRouter();
    const { sink, chunks } = recordingSink();
    const slot = router.allocate({ cameraId: 'a', profile: 'grid', sink });
    router.markAllForReset();
    router.dispatch(frame(slot, VIDEO_FLAG_KEYFRAME, [1]));
    router.dispatch(frame(slot, 0, [2]));
    expect(chunks.map((c) => c.flags)).toEqual([VIDEO_FLAG_KEYFRAME | VIDEO_FLAG_RESET, 0]);
  });

  it('keeps routing to other slots when one sink throws', () => {
    const router = new SlotRouter();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const bad = router.allocate({
      cameraId: 'bad',
      profile: 'grid',
      sink: {
        onChunk: () => {
          throw new Error('decoder exploded');
        },
      },
    });
    const good = recordingSink();
    const goodSlot = router.allocate({ cameraId: 'good', profile: 'grid', sink: good.sink });
    expect(router.dispatch(frame(bad, 0, [1]))).toBe(true);
    router.dispatch(frame(goodSlot, 0, [2]));
    expect(good.chunks).toHaveLength(1);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('forwards refusals to the sink', () => {
    const router = new SlotRouter();
    const onRefused = vi.fn();
    const slot = router.allocate({
      cameraId: 'a',
      profile: 'grid',
      sink: { onChunk: () => undefined, onRefused },
    });
    expect(router.refuse(slot, 'unknown-camera')).toBe(true);
    expect(onRefused).toHaveBeenCalledWith('unknown-camera');
    expect(router.refuse(slot + 1, 'slot-in-use')).toBe(false);
  });
});

describe('SlotRouter send times', () => {
  function timedSink() {
    const sent: number[] = [];
    const sink: VideoSink = { onChunk: (_payload, _flags, sentAt) => sent.push(sentAt) };
    return { sink, sent };
  }

  it('maps the core clock onto the page clock from the most prompt frame seen', () => {
    const router = new SlotRouter();
    const { sink, sent } = timedSink();
    const slot = router.allocate({ cameraId: 'a', profile: 'grid', sink });
    // The core's clock runs 5 000 ms behind the page's; loopback transit is ~0.
    router.dispatch(frame(slot, 0, [1], 1_000), 6_000); // prompt: offset 5 000
    router.dispatch(frame(slot, 0, [2], 1_040), 6_440); // waited 400 ms in the page's queue
    expect(sent).toEqual([6_000, 6_040]);
  });

  it('learns a better offset when a later frame is more prompt than the first', () => {
    const router = new SlotRouter();
    const { sink, sent } = timedSink();
    const slot = router.allocate({ cameraId: 'a', profile: 'grid', sink });
    router.dispatch(frame(slot, 0, [1], 1_000), 6_300); // the page was busy at start-up
    router.dispatch(frame(slot, 0, [2], 2_000), 7_000); // prompt
    router.dispatch(frame(slot, 0, [3], 2_040), 7_540);
    expect(sent).toEqual([6_300, 7_000, 7_040]);
    // The third frame's 500 ms wait is now visible to the tile.
    expect(7_540 - (sent[2] ?? 0)).toBe(500);
  });

  it('relearns after a reconnect and after an impossible jump (a new core clock)', () => {
    const router = new SlotRouter();
    const { sink, sent } = timedSink();
    const slot = router.allocate({ cameraId: 'a', profile: 'grid', sink });
    router.dispatch(frame(slot, 0, [1], 100_000), 100_000);
    // A restarted core's clock starts near zero: frames would look 100 s late without a relearn.
    router.dispatch(frame(slot, 0, [2], 10), 100_020);
    expect(sent[1]).toBe(100_020);
    router.markAllForReset();
    router.dispatch(frame(slot, 0, [3], 50), 100_500);
    expect(sent[2]).toBe(100_500);
  });
});
