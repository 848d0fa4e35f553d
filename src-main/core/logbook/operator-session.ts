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
