import { currentWindow } from '../api/request-scope';
import type { Actor } from './logbook-store';
import { OperatorSession, type SessionState } from './operator-session';

/** Whose session a request acts in: the workstation's (the operator on duty) or its window's. */
export type SessionScope = 'workstation' | 'window';

/**
 * The workstation's session plus the sessions windows open for themselves. The operator on
 * duty is the workstation's, shared by every window as the one chair in front of the monitors.
 * An administrator working in the administration window logs in for that window only: their
 * requests act as them, while the wall's viewing and the main courante stay the operator on
 * duty's — an admin checking the audit trail does not take over the seat. A window's session
 * ends with its socket.
 *
 * Each method acts on the session of the request running now (api/request-scope.ts), so the
 * handlers keep asking one session object and need no window parameter.
 */
export class ScopedSessions {
  readonly workstation: OperatorSession;
  private readonly windows = new Map<number, OperatorSession>();

  constructor(
    readonly idleTimeoutMs: number,
    private readonly now: () => number,
  ) {
    this.workstation = new OperatorSession(idleTimeoutMs, now);
  }

  /** The session the running request acts in. */
  private current(): OperatorSession {
    const window = currentWindow();
    return (window !== null ? this.windows.get(window) : undefined) ?? this.workstation;
  }

  /** Whether the running request acts in its window's own session. */
  scope(): SessionScope {
    return this.current() === this.workstation ? 'workstation' : 'window';
  }

  state(): SessionState {
    return this.current().state();
  }

  who(): Actor | null {
    return this.current().who();
  }

  activeOperator(): Actor | null {
    return this.current().activeOperator();
  }

  locksAt(): number | null {
    return this.current().locksAt();
  }

  /**
   * Logs `actor` in: for the request's window alone when `scope` is `window` (outside a request
   * there is no window, and this is refused), else as the operator on duty.
   */
  login(actor: Actor, scope: SessionScope = 'workstation'): void {
    const window = currentWindow();
    if (scope === 'window') {
      if (window === null) throw new Error('a window session needs a window');
      const session = this.windows.get(window) ?? new OperatorSession(this.idleTimeoutMs, this.now);
      session.login(actor);
      this.windows.set(window, session);
      return;
    }
    // Taking the seat from a window that had its own session: that session ends.
    if (window !== null) this.windows.delete(window);
    this.workstation.login(actor);
  }

  refresh(actor: Actor): void {
    this.workstation.refresh(actor);
    for (const session of this.windows.values()) session.refresh(actor);
  }

  /** Ends the request's window session if it has one, else the operator on duty's. */
  logout(): void {
    const window = currentWindow();
    if (window !== null && this.windows.delete(window)) return;
    this.workstation.logout();
  }

  lock(): void {
    this.current().lock();
  }

  touch(): void {
    this.current().touch();
  }

  /** A window closed: its own session, if any, ends with it. */
  windowClosed(window: number): void {
    this.windows.delete(window);
  }
}
