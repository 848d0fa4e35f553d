import { describe, expect, it } from 'vitest';
import {
  DecodeLoop,
  FRAME_FALLBACK_MS,
  PACED_INTERVAL_MS,
  type FrameScheduler,
} from '../../../../src-renderer/wall/video/decode-loop';
import {
  DEGRADED_HOLD_MS,
  DelayGovernor,
  MAX_BACKLOG_MS,
  MAX_SOURCE_LAG_MS,
  STARVED_MS,
} from '../../../../src-renderer/wall/video/delay-governor';
import { TS_PACKET_BYTES, countVideoPictures } from '../../../../src-renderer/wall/video/ts-scan';

/** A TS packet; `pes` starts a PES with that stream id. */
function packet(options: { pes?: number; adaptation?: number } = {}): Uint8Array {
  const bytes = new Uint8Array(TS_PACKET_BYTES).fill(0xff);
  bytes[0] = 0x47;
  bytes[1] = (options.pes !== undefined ? 0x40 : 0) | 0x01;
  bytes[2] = 0x00;
  let offset = 4;
  if (options.adaptation !== undefined) {
    bytes[3] = 0x30;
    bytes[4] = options.adaptation;
    offset = 5 + options.adaptation;
  } else {
    bytes[3] = 0x10;
  }
  if (options.pes !== undefined) bytes.set([0, 0, 1, options.pes, 0, 0, 0x80, 0x80, 5], offset);
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('counting pictures in MPEG-TS', () => {
  it('counts video PES starts, with or without adaptation field, and nothing else', () => {
    const chunk = concat(
      packet({ pes: 0xe0 }),
      packet(),
      packet({ pes: 0xe0, adaptation: 7 }),
      packet({ pes: 0xc0 }), // audio
      packet(),
    );
    expect(countVideoPictures(chunk)).toBe(2);
    expect(countVideoPictures(chunk.subarray(0, 100))).toBe(0);
  });
});

describe('delay governor', () => {
  it('pairs arrivals with decodes and reports the delay', () => {
    const governor = new DelayGovernor();
    expect(governor.onChunk(0, 2, true)).toBe('feed');
    expect(governor.onDecode(40)).toBe(40);
    expect(governor.onDecode(80)).toBe(80);
    expect(governor.onDecode(90)).toBeNull();
    expect(governor.stats(100)).toMatchObject({ fps: 3, delayP50: 80, delayP95: 80, degraded: false });
  });

  it('drops a backlog older than the bound and resumes only at a keyframe, flagged degraded', () => {
    const governor = new DelayGovernor();
    governor.onChunk(0, 5, true);
    governor.onDecode(30);
    expect(governor.checkBacklog(MAX_BACKLOG_MS)).toBe(false);
    expect(governor.checkBacklog(MAX_BACKLOG_MS + 1)).toBe(true);
    expect(governor.drops).toBe(1);
    expect(governor.isDegraded(MAX_BACKLOG_MS + 2)).toBe(true);
    expect(governor.onChunk(400, 1, false)).toBe('discard');
    expect(governor.onChunk(450, 1, false)).toBe('discard');
    expect(governor.onChunk(500, 1, true)).toBe('restart');
    expect(governor.pending).toBe(1);
    expect(governor.onChunk(540, 1, false)).toBe('feed');
    expect(governor.isDegraded(MAX_BACKLOG_MS + 1 + DEGRADED_HOLD_MS - 1)).toBe(true);
    expect(governor.isDegraded(MAX_BACKLOG_MS + 1 + DEGRADED_HOLD_MS)).toBe(false);
  });

  it('forgets its drops when the stream changes nature (into or out of a replay)', () => {
    const governor = new DelayGovernor();
    governor.onChunk(0, 5, true);
    expect(governor.checkBacklog(MAX_BACKLOG_MS + 1)).toBe(true);
    expect(governor.isDegraded(MAX_BACKLOG_MS + 2)).toBe(true);
    governor.reset();
    governor.forgetDrops();
    expect(governor.isDegraded(MAX_BACKLOG_MS + 2)).toBe(false);
    expect(governor.stats(MAX_BACKLOG_MS + 2)).toMatchObject({ degraded: false, delayP95: null });
  });

  it('drops on arrival when nothing decodes (hidden page), keeping memory bounded', () => {
    const governor = new DelayGovernor();
    governor.onChunk(0, 1, true);
    for (let t = 80; t <= 280; t += 80) expect(governor.onChunk(t, 1, false)).toBe('feed');
    expect(governor.onChunk(400, 1, false)).toBe('discard');
    expect(governor.pending).toBe(0);
  });

  it('keeps the delay bounded when decoding is slower than arrivals', () => {
    const governor = new DelayGovernor();
    const delays: number[] = [];
    // 12.5 fps in, 5 fps decoded: JSMpeg alone would fall behind forever.
    for (let t = 0; t < 20_000; t += 10) {
      if (t % 80 === 0) governor.onChunk(t, 1, t % 960 === 0);
      if (t % 200 === 0) {
        const delay = governor.onDecode(t);
        if (delay !== null) delays.push(delay);
        governor.checkBacklog(t);
      }
    }
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_BACKLOG_MS + 200);
    expect(governor.drops).toBeGreaterThan(5);
  });

  it('counts delay from the send time, so a message that waited in the page queue is seen late', () => {
    const governor = new DelayGovernor();
    // Sent at 0 and 40, handled only at 250 and 260 (the page's queue was busy).
    expect(governor.onChunk(250, 1, true, 0)).toBe('feed');
    expect(governor.onChunk(260, 1, false, 40)).toBe('feed');
    expect(governor.onDecode(270)).toBe(270);
    expect(governor.stats(280).delayP95).toBe(270);
    // Still under the bound by the handler's clock (handled at 260), over it by the send's.
    expect(governor.checkBacklog(345)).toBe(true);
  });

  it('skips at once a chunk already older than the bound, and a keyframe that old is no restart', () => {
    const governor = new DelayGovernor();
    expect(governor.onChunk(0, 1, true, 0)).toBe('feed');
    expect(governor.onDecode(20)).toBe(20);
    expect(governor.onChunk(500, 1, false, 100)).toBe('discard');
    expect(governor.drops).toBe(1);
    expect(governor.isDegraded(500)).toBe(true);
    expect(governor.onChunk(900, 1, true, 520)).toBe('discard');
    expect(governor.onChunk(960, 1, true, 940)).toBe('restart');
    expect(governor.pending).toBe(1);
    expect(governor.drops).toBe(1);
  });

  it('restarts on a late keyframe once the tile has shown nothing for a while, and shows it', () => {
    const governor = new DelayGovernor();
    // Everything arrives 500 ms after it was sent (an overloaded machine).
    expect(governor.onChunk(500, 1, true, 0)).toBe('restart');
    expect(governor.isDegraded(500)).toBe(true);
    // The restart's own picture is never dropped as a backlog, however late it is…
    expect(governor.checkBacklog(600)).toBe(false);
    expect(governor.onDecode(610)).toBe(610);
    // …what follows late is dropped, and a late keyframe soon after is no restart point…
    expect(governor.onChunk(700, 1, false, 200)).toBe('discard');
    expect(governor.onChunk(1_500, 1, true, 1_000)).toBe('discard');
    // …until the tile has shown nothing for STARVED_MS: then the freshest keyframe restarts it.
    expect(governor.onChunk(610 + STARVED_MS, 1, true, 110 + STARVED_MS)).toBe('restart');
    expect(governor.isDegraded(610 + STARVED_MS)).toBe(true);
  });

  it('reports the delay of recent pictures only, not of a start-up long past', () => {
    const governor = new DelayGovernor();
    governor.onChunk(0, 1, true, 0);
    governor.onDecode(2_000);
    expect(governor.stats(2_000).delayP95).toBe(2_000);
    governor.onChunk(20_000, 1, true, 19_990);
    governor.onDecode(20_030);
    expect(governor.stats(20_030).delayP95).toBe(40);
    expect(governor.stats(20_030)).toMatchObject({ receivedTotal: 2, decodedTotal: 2 });
    expect(governor.stats(40_000).delayP95).toBeNull();
  });

  it('never dates a chunk after its arrival (a send time ahead of the page clock)', () => {
    const governor = new DelayGovernor();
    governor.onChunk(100, 1, true, 160);
    expect(governor.backlogMs(120)).toBe(20);
  });

  it('resynchronises its count when the decoder is idle, so a miscount never looks like a backlog', () => {
    const governor = new DelayGovernor();
    governor.onChunk(0, 3, true);
    governor.onIdle();
    expect(governor.pending).toBe(1);
    governor.onDecode(10);
    expect(governor.checkBacklog(10_000)).toBe(false);
  });
});

describe('shared decode loop', () => {
  function fakeScheduler() {
    let clock = 0;
    const callbacks: (() => void)[] = [];
    const scheduler: FrameScheduler = {
      request: (callback) => callbacks.push(callback),
      cancel: () => callbacks.splice(0),
      now: () => clock,
    };
    return {
      scheduler,
      frame: () => callbacks.shift()?.(),
      pending: () => callbacks.length,
      advance: (ms: number) => (clock += ms),
    };
  }

  it('steps every tile once per frame, rotating who goes first, and stops when empty', () => {
    const fake = fakeScheduler();
    const loop = new DecodeLoop(fake.scheduler, 5);
    const order: string[] = [];
    const removeA = loop.add({ step: () => order.push('a') > 0 });
    const removeB = loop.add({ step: () => order.push('b') > 0 });
    expect(fake.pending()).toBe(1);
    fake.frame();
    fake.advance(PACED_INTERVAL_MS);
    fake.frame();
    expect(order).toEqual(['a', 'b', 'b', 'a']);
    removeA();
    removeB();
    removeB();
    expect(loop.size).toBe(0);
    expect(fake.pending()).toBe(0);
  });

  it('falls back to a timer when animation frames stall, but only for a visible page', () => {
    const fake = fakeScheduler();
    const timers: (() => void)[] = [];
    let visible = true;
    const loop = new DecodeLoop(
      {
        ...fake.scheduler,
        setTimer: (callback) => timers.push(callback),
        clearTimer: () => undefined,
        visible: () => visible,
      },
      5,
    );
    let steps = 0;
    loop.add({ step: () => (steps += 1) > 0 });
    timers.shift()?.();
    expect(steps).toBe(1);
    visible = false;
    fake.advance(PACED_INTERVAL_MS);
    timers.shift()?.();
    expect(steps).toBe(1);
    fake.frame();
    expect(steps).toBe(2);
  });

  it('sleeps while every tile is idle and wakes on new data', () => {
    const fake = fakeScheduler();
    const loop = new DecodeLoop(fake.scheduler, 5);
    let busy = true;
    loop.add({ step: () => busy });
    fake.frame();
    expect(fake.pending()).toBe(1);
    busy = false;
    fake.advance(PACED_INTERVAL_MS);
    fake.frame();
    expect(fake.pending()).toBe(0);
    loop.wake();
    expect(fake.pending()).toBe(1);
  });

  it('gives every tile the same catch-up deadline, and survives a failing tile', () => {
    const fake = fakeScheduler();
    const loop = new DecodeLoop(fake.scheduler, 5);
    const deadlines: number[] = [];
    loop.add({
      step: () => {
        throw new Error('broken tile');
      },
    });
    loop.add({ step: (deadline) => deadlines.push(deadline) > 0 });
    fake.advance(100);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      loop.runFrame();
    } finally {
      console.warn = warn;
    }
    expect(deadlines).toEqual([105]);
  });

  it('runs every other 60 Hz frame while all streams are slow, every frame once one is fast', () => {
    const fake = fakeScheduler();
    const loop = new DecodeLoop(fake.scheduler, 5);
    let runs = 0;
    let rate = 12.5;
    loop.add({ step: () => (runs += 1) > 0, frameRate: () => rate });
    loop.add({ step: () => true, frameRate: () => null });
    for (let i = 0; i < 60; i += 1) {
      fake.frame();
      fake.advance(1000 / 60);
    }
    expect(runs).toBe(30);
    rate = 25; // a maximised tile's full profile
    runs = 0;
    for (let i = 0; i < 60; i += 1) {
      fake.frame();
      fake.advance(1000 / 60);
    }
    expect(runs).toBe(60);
  });

  it('keeps a fallback timer armed when a frame comes too soon, so a stalled window still decodes', () => {
    const fake = fakeScheduler();
    const timers: (() => void)[] = [];
    const loop = new DecodeLoop(
      { ...fake.scheduler, setTimer: (callback) => timers.push(callback), clearTimer: () => undefined },
      5,
    );
    let steps = 0;
    loop.add({ step: () => (steps += 1) > 0 });
    fake.frame();
    expect(steps).toBe(1);
    fake.advance(10);
    fake.frame(); // too soon: skipped
    expect(steps).toBe(1);
    // Animation frames stop (an occluded window); the fallback timer fires later.
    fake.advance(FRAME_FALLBACK_MS);
    timers.at(-1)?.();
    expect(steps).toBe(2);
  });

  it('measures the rate a stream is received at, dropped pictures included', () => {
    const governor = new DelayGovernor();
    for (let t = 0; t < 2000; t += 80) governor.onChunk(t, 1, t % 960 === 0);
    expect(governor.receiveRate(2000)).toBe(12);
    expect(governor.receiveRate(5000)).toBe(0);
  });
});

describe('DelayGovernor: camera → screen', () => {
  it('adds the source lag to the delay it reports, and says behind past the bound without dropping', () => {
    const governor = new DelayGovernor();
    // Every picture decoded 20 ms after its send: on time for this window…
    for (let t = 0; t < 2_000; t += 80) {
      expect(governor.onChunk(t, 1, t % 960 === 0, t, 2_500)).not.toBe('discard');
      governor.onDecode(t + 20);
    }
    const behind = governor.stats(2_000);
    // …but the core made them 2.5 s behind the camera: the tile's delay is camera → screen.
    expect(behind).toMatchObject({ delayP95: 20, sourceLagMs: 2_500, cameraDelayP95: 2_520 });
    expect(behind.behind).toBe(true);
    // Not a drop: dropping cannot make late pictures early, and the tile must keep showing them.
    expect(behind.drops).toBe(0);
    governor.onChunk(2_000, 1, true, 2_000, MAX_SOURCE_LAG_MS);
    expect(governor.stats(2_000).behind).toBe(false);
    governor.reset();
    expect(governor.stats(2_000).sourceLagMs).toBe(0);
  });
});
