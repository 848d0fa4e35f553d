import { describe, expect, it, vi } from 'vitest';
import { MAX_QUEUED_BYTES, MuxSource } from '../../../../src-renderer/wall/video/mux-source';

function buffer(size: number, fill = 0x47): ArrayBuffer {
  return new Uint8Array(size).fill(fill).buffer;
}

describe('MuxSource', () => {
  it('exposes the JSMpeg source contract', () => {
    const source = new MuxSource('', {});
    expect(source.streaming).toBe(true);
    expect(source.established).toBe(false);
    expect(source.completed).toBe(false);
    expect(source.progress).toBe(0);
    expect(() => source.resume()).not.toThrow();
  });

  it('queues until start(), then delivers in order and becomes established', () => {
    const onSourceEstablished = vi.fn();
    const hookOnEstablished = vi.fn();
    const source = new MuxSource('', { onSourceEstablished, hookOnEstablished });
    const write = vi.fn<(data: ArrayBuffer) => void>();
    source.connect({ write });
    const a = buffer(188, 1);
    const b = buffer(376, 2);
    source.push(a);
    source.push(b);
    expect(write).not.toHaveBeenCalled();
    expect(source.pendingBytes).toBe(564);
    source.start();
    expect(write.mock.calls.map(([chunk]) => chunk)).toEqual([a, b]);
    expect(source.established).toBe(true);
    expect(source.progress).toBe(1);
    expect(onSourceEstablished).toHaveBeenCalledOnce();
    expect(onSourceEstablished).toHaveBeenCalledWith(source);
    expect(hookOnEstablished).toHaveBeenCalledOnce();
    const c = buffer(188, 3);
    source.push(c);
    expect(write).toHaveBeenLastCalledWith(c);
    expect(onSourceEstablished).toHaveBeenCalledOnce();
  });

  it('is not established before data arrives', () => {
    const source = new MuxSource('', {});
    source.connect({ write: vi.fn() });
    source.start();
    expect(source.established).toBe(false);
    source.push(buffer(188));
    expect(source.established).toBe(true);
  });

  it('drops the oldest chunks when the pre-start queue overflows', () => {
    const source = new MuxSource('', {});
    const chunk = MAX_QUEUED_BYTES / 4;
    for (let i = 0; i < 6; i += 1) source.push(buffer(chunk, i));
    expect(source.pendingBytes).toBeLessThanOrEqual(MAX_QUEUED_BYTES);
    const write = vi.fn();
    source.connect({ write });
    source.start();
    const firstBytes = write.mock.calls.map(([data]) => new Uint8Array(data as ArrayBuffer)[0]);
    expect(firstBytes).toEqual([2, 3, 4, 5]);
  });

  it('ignores data after destroy', () => {
    const source = new MuxSource('', {});
    const write = vi.fn();
    source.connect({ write });
    source.start();
    source.destroy();
    source.push(buffer(188));
    expect(write).not.toHaveBeenCalled();
  });
});
