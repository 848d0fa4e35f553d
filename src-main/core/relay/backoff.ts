/** Retry timing for one stream. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay added or removed at random, so 200 cameras back from an outage do not all retry at once. */
  jitter: number;
  /** A stream live this long is considered healthy again: the next failure starts from baseMs. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000, jitter: 0.2, stableMs: 30_000 };

/** Exponential backoff with jitter and a cap, reset after a stable period. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay before the next attempt, counting this failure. */
  next(): number {
    const raw = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** this.failures);
    this.failures += 1;
    const spread = raw * this.policy.jitter * (this.random() * 2 - 1);
    return Math.max(0, Math.round(raw + spread));
  }

  /** Call when a stream has been live: after `stableMs`, failures are forgotten. */
  noteLiveFor(ms: number): void {
    if (ms >= this.policy.stableMs) this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
