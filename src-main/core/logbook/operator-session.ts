import type { Actor } from './logbook-store';

export type SessionState = 'none' | 'active' | 'locked';

/** Operators lock after this long without activity. */
export const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000;

/**
 * Who is logged in at this workstation. One per core: every window of the workstation shares it,
 * like the one chair in front of the monitors.
 *
 * After `idleTimeoutMs` without activity the session locks: the operator stays the one on duty
 * (their name stays visible) but nothing is written in their name until they re-enter their
 * PIN. Another operator logging in replaces them. State is computed from the clock at each
 * question, so no timer has to fire for a lock to take effect.
 */
export class OperatorSession {
  private operator: Actor | null = null;
  private lastActivity = 0;
  private lockedByHand = false;

  constructor(
    readonly idleTimeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  state(): SessionState {
    if (!this.operator) return 'none';
    if (this.lockedByHand || this.now() - this.lastActivity >= this.idleTimeoutMs) return 'locked';
    return 'active';
  }

  /** The operator on duty, active or locked. */
  who(): Actor | null {
    return this.operator;
  }

  /** The operator writes may be done for: only while the session is active. */
  activeOperator(): Actor | null {
    return this.state() === 'active' ? this.operator : null;
  }

  /** Epoch ms at which an active session locks, null otherwise. */
  locksAt(): number | null {
    return this.state() === 'active' ? this.lastActivity + this.idleTimeoutMs : null;
  }

  login(actor: Actor): void {
    this.operator = actor;
    this.lockedByHand = false;
    this.lastActivity = this.now();
  }

  /** Replaces the operator's details (name or role changed) without touching the state. */
  refresh(actor: Actor): void {
    if (this.operator?.id === actor.id) this.operator = actor;
  }

  logout(): void {
    this.operator = null;
    this.lockedByHand = false;
  }

  lock(): void {
    if (this.operator) this.lockedByHand = true;
  }

  /** Activity: postpones the lock of an active session; a locked one stays locked. */
  touch(): void {
    if (this.state() === 'active') this.lastActivity = this.now();
  }
}

/**
 * Slows PIN guessing at the workstation: after `freeAttempts` failures on a badge, further
 * attempts on it are refused for a delay that doubles with each failure (capped). A success
 * clears the badge's count.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; blockedUntil: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly freeAttempts = 5,
    private readonly baseDelayMs = 30_000,
    private readonly maxDelayMs = 15 * 60_000,
  ) {}

  /** Milliseconds until the badge may try again (0: now). */
  waitFor(badge: string): number {
    const entry = this.failures.get(badge.toLowerCase());
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  failed(badge: string): void {
    const key = badge.toLowerCase();
    const entry = this.failures.get(key) ?? { count: 0, blockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.freeAttempts) {
      const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (entry.count - this.freeAttempts));
      entry.blockedUntil = this.now() + delay;
    }
    this.failures.set(key, entry);
  }

  succeeded(badge: string): void {
    this.failures.delete(badge.toLowerCase());
  }
}
