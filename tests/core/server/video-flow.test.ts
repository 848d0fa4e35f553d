import { describe, expect, it } from 'vitest';
import { DEFAULT_VIDEO_FLOW, WindowFlow } from '../../../src-main/core/server/video-flow';

const { maxLagMs, starvedMs, skipBytes, disconnectBytes } = DEFAULT_VIDEO_FLOW;

describe('window flow control', () => {
  it('governs a window that never acknowledges by bytes only', () => {
    const flow = new WindowFlow();
    const slot = flow.slot();
    for (let t = 0; t < 10_000; t += 80) expect(flow.decide(slot, t % 960 === 0, 0, t)).toBe('send');
    expect(flow.lagMs(10_000)).toBe(0);
    expect(flow.decide(slot, false, skipBytes + 1, 10_000)).toBe('skip');
    expect(flow.decide(slot, false, 0, 10_080)).toBe('skip');
    expect(flow.decide(slot, true, 0, 10_160)).toBe('send');
    expect(flow.decide(slot, false, disconnectBytes + 1, 10_240)).toBe('disconnect');
  });

  it('measures lag from the oldest unacknowledged frame and skips to a keyframe beyond the bound', () => {
    const flow = new WindowFlow();
    const slot = flow.slot();
    flow.ack(-1);
    expect(flow.decide(slot, true, 0, 0)).toBe('send');
    expect(flow.decide(slot, false, 0, 100)).toBe('send');
    expect(flow.lagMs(200)).toBe(200);
    flow.ack(0);
    expect(flow.lagMs(200)).toBe(100);
    // Nothing acknowledged since 100: at 100 + maxLag + 1 the window is behind.
    expect(flow.decide(slot, false, 0, 100 + maxLagMs + 1)).toBe('skip');
    // It catches up, but the stream resumes only at a keyframe.
    flow.ack(100);
    expect(flow.decide(slot, false, 0, 500)).toBe('skip');
    expect(flow.decide(slot, true, 0, 600)).toBe('send');
    expect(flow.skipped).toBe(2);
  });

  it('still sends a starved slot its next keyframe while the window is behind', () => {
    const flow = new WindowFlow();
    const slot = flow.slot();
    flow.ack(-1);
    expect(flow.decide(slot, true, 0, 0)).toBe('send');
    // Never acknowledged again: behind from maxLag on.
    expect(flow.decide(slot, false, 0, maxLagMs + 10)).toBe('skip');
    expect(flow.decide(slot, true, 0, starvedMs - 1)).toBe('skip');
    expect(flow.decide(slot, true, 0, starvedMs)).toBe('send');
    expect(flow.decide(slot, false, 0, starvedMs + 80)).toBe('skip');
    // A new slot on the same late window gets its first keyframe at once.
    expect(flow.decide(flow.slot(), true, 0, starvedMs + 100)).toBe('send');
  });

  it('keeps its memory bounded when a window acknowledged once, then never again', () => {
    const flow = new WindowFlow();
    const slot = flow.slot();
    flow.ack(-1);
    for (let t = 0; t < 2_000_000; t += 10) flow.decide(slot, true, 0, t);
    // Still behind by the oldest stamp kept (the safe side), never reset by the cap.
    expect(flow.lagMs(2_000_000)).toBe(2_000_000);
    flow.ack(2_000_000);
    expect(flow.lagMs(2_000_001)).toBe(0);
  });
});
