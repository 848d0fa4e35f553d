import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../src-main/core/relay/backoff';

describe('Backoff', () => {
  const policy = { baseMs: 1000, maxMs: 8000, jitter: 0.2, stableMs: 30_000 };

  it('doubles up to the cap', () => {
    const backoff = new Backoff(policy, () => 0.5); // 0.5 → no jitter
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('spreads retries by the jitter fraction', () => {
    expect(new Backoff(policy, () => 0).next()).toBe(800);
    expect(new Backoff(policy, () => 1).next()).toBe(1200);
  });

  it('starts again from the base after a stable period only', () => {
    const backoff = new Backoff(policy, () => 0.5);
    backoff.next();
    backoff.next();
    backoff.noteLiveFor(5000);
    expect(backoff.next()).toBe(4000);
    backoff.noteLiveFor(30_000);
    expect(backoff.next()).toBe(1000);
  });
});
