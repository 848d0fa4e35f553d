import { existsSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../files/atomic-write';
import { log } from '../log/logger';
import { readJsonState } from '../files/json-state';

/** How hard PIN guessing is made; the defaults are the README's promise. */
export interface ThrottleLimits {
  /** Wrong PINs a badge may try before its back-off starts. */
  freeAttempts: number;
  /** First back-off; it doubles with each further failure, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures over every badge, within `globalWindowMs`, that pause every login... */
  globalFailures: number;
  globalWindowMs: number;
  /** ...for this long: guessing across many badges is as slow as on one. */
  globalDelayMs: number;
  /** PIN checks (scrypt) running at once, over every badge; more are refused at once. */
  maxConcurrent: number;
  /** Badges remembered; the oldest unblocked ones go first (an attacker can invent badges). */
  maxBadges: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  freeAttempts: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  globalFailures: 20,
  globalWindowMs: 60_000,
  globalDelayMs: 30_000,
  maxConcurrent: 2,
  maxBadges: 1000,
};

/** A PIN check allowed to run; exactly one of its methods must be called when the check ends. */
export interface LoginTicket {
  failed(): void;
  succeeded(): void;
  /** The check did not happen (an exception before the PIN was compared): nothing is counted. */
  cancel(): void;
}

export type Reservation = { ok: true; ticket: LoginTicket } | { ok: false; waitMs: number };

const StoredSchema = z.object({
  version: z.literal(1),
  badges: z.record(z.string(), z.object({ count: z.number().int().min(0), blockedUntil: z.number() })),
  failures: z.array(z.number()).max(10_000),
  globalBlockedUntil: z.number(),
});
type Stored = z.infer<typeof StoredSchema>;

/**
 * Slows PIN guessing at the workstation, whatever the concurrency.
 *
 * Why a reservation: a PIN check awaits scrypt, so a throttle read before the await and written
 * after it let 400 simultaneous calls all pass the check. Here an attempt is reserved before any
 * hashing (a badge may have at most its remaining free attempts in flight, and the workstation at
 * most `maxConcurrent`), and the result is recorded on the ticket. The state is written to disk on
 * every change, so restarting the core does not reset a back-off; failures over all badges also
 * pause every login, so cycling badges does not buy more guesses.
 */
export class LoginThrottle {
  private badges = new Map<string, { count: number; blockedUntil: number }>();
  private readonly inFlight = new Map<string, number>();
  private failures: number[] = [];
  private globalBlockedUntil = 0;
  private running = 0;
  private readonly limits: ThrottleLimits;

  constructor(
    private readonly now: () => number = Date.now,
    /** Where the state survives a restart; null keeps it in memory (unit tests). */
    private readonly file: string | null = null,
    limits: Partial<ThrottleLimits> = {},
  ) {
    this.limits = { ...DEFAULT_THROTTLE_LIMITS, ...limits };
    this.load();
  }

  /** Milliseconds until the badge may try again (0: now), counting the workstation-wide pause. */
  waitFor(badge: string): number {
    const now = this.now();
    const entry = this.badges.get(badge.toLowerCase());
    return Math.max(0, entry ? entry.blockedUntil - now : 0, this.globalBlockedUntil - now);
  }

  /** Reserves one PIN check for `badge`, or says how long to wait. */
  reserve(badge: string): Reservation {
    const key = badge.toLowerCase();
    const wait = this.waitFor(key);
    if (wait > 0) return { ok: false, waitMs: wait };
    const count = this.badges.get(key)?.count ?? 0;
    const pending = this.inFlight.get(key) ?? 0;
    // Past the free attempts, one check at a time: each failure then lengthens the back-off.
    const allowed = Math.max(1, this.limits.freeAttempts - count);
    if (pending >= allowed || this.running >= this.limits.maxConcurrent) {
      return { ok: false, waitMs: 1000 };
    }
    this.inFlight.set(key, pending + 1);
    this.running += 1;
    let done = false;
    const finish = (outcome: 'failed' | 'succeeded' | 'cancel'): void => {
      if (done) return;
      done = true;
      this.running -= 1;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
      if (outcome === 'failed') this.recordFailure(key);
      if (outcome === 'succeeded' && this.badges.delete(key)) this.save();
    };
    return {
      ok: true,
      ticket: {
        failed: () => finish('failed'),
        succeeded: () => finish('succeeded'),
        cancel: () => finish('cancel'),
      },
    };
  }

  private recordFailure(key: string): void {
    const now = this.now();
    const entry = this.badges.get(key) ?? { count: 0, blockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.limits.freeAttempts) {
      const doublings = entry.count - this.limits.freeAttempts;
      entry.blockedUntil = now + Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** doublings);
    }
    this.badges.delete(key);
    this.badges.set(key, entry);
    this.failures = this.failures.filter((at) => at > now - this.limits.globalWindowMs);
    this.failures.push(now);
    if (this.failures.length >= this.limits.globalFailures) {
      this.globalBlockedUntil = now + this.limits.globalDelayMs;
      this.failures = [];
      log.warn(
        `logbook: ${this.limits.globalFailures} wrong PINs within ${this.limits.globalWindowMs / 1000} s ` +
          `on this workstation: every login paused for ${this.limits.globalDelayMs / 1000} s`,
      );
    }
    this.evict(now);
    this.save();
  }

  /** Keeps the map bounded: forget the oldest badges that are not blocked. */
  private evict(now: number): void {
    for (const [key, entry] of this.badges) {
      if (this.badges.size <= this.limits.maxBadges) return;
      if (entry.blockedUntil <= now) this.badges.delete(key);
    }
  }

  private load(): void {
    if (!this.file) return;
    const corrupt = existsSync(this.file);
    const stored = readJsonState(this.file, StoredSchema, 'login throttle state', 'every login paused');
    if (stored) {
      this.badges = new Map(Object.entries(stored.badges));
      this.failures = stored.failures;
      this.globalBlockedUntil = stored.globalBlockedUntil;
    } else if (corrupt) {
      // Unreadable state must not unlock guessing: start as if the whole workstation were paused.
      this.globalBlockedUntil = this.now() + this.limits.globalDelayMs;
    }
  }

  private save(): void {
    if (!this.file) return;
    const stored: Stored = {
      version: 1,
      badges: Object.fromEntries(this.badges),
      failures: this.failures,
      globalBlockedUntil: this.globalBlockedUntil,
    };
    try {
      writeFileAtomic(this.file, JSON.stringify(stored));
    } catch (error) {
      // The in-memory back-off still holds; only its survival across a restart is lost.
      log.error(`logbook: could not store the login throttle: ${String(error)}`);
    }
  }
}
