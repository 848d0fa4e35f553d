import { describe, expect, it } from 'vitest';
import { BASELINE_CREEP_MS_PER_S, SourceLag } from '../../../src-main/core/relay/source-lag';

/** 90 kHz ticks of `ms` milliseconds of the camera's timeline. */
const ticks = (ms: number) => Math.round(ms * 90);

describe('SourceLag', () => {
  it('reads 0 for a stream whose pictures leave on time, jitter included', () => {
    const lag = new SourceLag();
    for (let i = 0; i < 250; i += 1) {
      const jitter = (i * 37) % 40; // 0–39 ms late, never more
      lag.sample(1_000 + i * 40 + jitter, ticks(i * 40));
      expect(lag.lagMs).toBeLessThan(40);
    }
  });

  it('grows as the relay falls behind the camera, and falls back once it catches up', () => {
    const lag = new SourceLag();
    let wall = 0;
    // 10 s on time at 25 fps…
    for (let i = 0; i < 250; i += 1) lag.sample((wall = i * 40), ticks(i * 40));
    expect(lag.lagMs).toBe(0);
    // …then each picture comes out 10 ms later than the one before (a starved ffmpeg)…
    for (let i = 250; i < 550; i += 1) lag.sample((wall += 50), ticks(i * 40));
    expect(lag.lagMs).toBeGreaterThan(2_900);
    expect(lag.lagMs).toBeLessThan(3_100);
    // …then it catches up, faster than real time, to on-time pictures.
    for (let i = 550; i < 700; i += 1) lag.sample((wall += 20), ticks(i * 40));
    expect(lag.lagMs).toBe(0);
  });

  it('absorbs a camera clock a little slow against the workstation, not a real lag', () => {
    const lag = new SourceLag();
    // 100 ppm: after an hour the camera's timeline is 360 ms behind the wall clock.
    for (let s = 0; s <= 3_600; s += 1) lag.sample(s * 1_000 * 1.0001, ticks(s * 1_000));
    expect(lag.lagMs).toBe(0);
    // The creep bound is what tells the two apart: 200 ppm at most.
    expect(BASELINE_CREEP_MS_PER_S).toBeLessThanOrEqual(0.2);
  });

  it('starts over on a new timeline (restart) and across the 33-bit wrap', () => {
    const lag = new SourceLag();
    lag.sample(0, ticks(0));
    lag.sample(5_000, ticks(1_000)); // 4 s late (less the 1 ms the baseline may creep in 5 s)
    expect(lag.lagMs).toBeGreaterThanOrEqual(3_998);
    lag.sample(5_040, ticks(3_600_000)); // an hour ahead: a new timeline, not lag
    expect(lag.lagMs).toBe(0);
    const wrap = 2 ** 33;
    const near = new SourceLag();
    near.sample(0, wrap - ticks(40));
    near.sample(40, 0);
    near.sample(1_080, ticks(40)); // 1 s late, across the wrap
    expect(near.lagMs).toBeGreaterThanOrEqual(998);
    expect(near.lagMs).toBeLessThanOrEqual(1_000);
    near.reset();
    expect(near.lagMs).toBe(0);
  });
});
