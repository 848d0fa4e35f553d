import type { ApiMethodName, OperatorSummary, SessionStatus } from '../../../src-shared/contract';
import { ServiceError } from '../api/service-result';
import { PERMISSIONS } from '../permissions/permission-table';
import type { LogbookStore } from './logbook-store';
import type { LoginThrottle } from './login-throttle';
import type { ScopedSessions } from './scoped-sessions';
import { verifyPin } from './pin-hash';
import type { Actor, OperatorRecord } from './store-types';

/** An operator without the PIN hash, which never leaves the core. */
export function publicOperator(operator: OperatorRecord): OperatorSummary {
  return {
    id: operator.id,
    name: operator.name,
    badge: operator.badge,
    role: operator.role,
    active: operator.active,
  };
}

/**
 * Who may act through the logbook's handlers: the open store or `unavailable`, the workstation's
 * operator re-read from the database and checked against the permission table, the session
 * status the UI shows, and PIN checks under the login throttle. One object for all handler
 * areas, so every handler asks the same questions in the same order.
 */
export class OperatorAccess {
  constructor(
    private readonly session: ScopedSessions,
    private readonly throttle: LoginThrottle,
    private readonly workstation: string,
    /** The service's store right now (null before start, after stop, or when unavailable). */
    private readonly openStore: () => LogbookStore | null,
    /** Why the store could not be opened, if it could not. */
    private readonly unavailableReason: () => string | null,
  ) {}

  requireStore(): LogbookStore {
    const store = this.openStore();
    if (!store) {
      throw new ServiceError(
        'unavailable',
        `the logbook is unavailable: ${this.unavailableReason() ?? 'closed'}`,
      );
    }
    return store;
  }

  /**
   * The active operator, refreshed from the database, allowed to call `method` by the core's one
   * permission table. The core checks that table before any handler; checking it again here,
   * against the role just re-read from the database, refuses an operator demoted mid-session and
   * keeps the service safe when called without the guard (tools, tests), with no second list of
   * roles to drift from the first.
   */
  requireOperator(method?: ApiMethodName): { store: LogbookStore; actor: Actor } {
    const store = this.requireStore();
    const state = this.session.state();
    if (state === 'none') throw new ServiceError('not-logged-in', 'log in first');
    if (state === 'locked') throw new ServiceError('session-locked', 'the session is locked: enter your PIN');
    const who = this.session.who();
    const record = who ? store.operatorById(who.id) : null;
    if (!record?.active) {
      this.session.logout();
      throw new ServiceError('not-logged-in', 'this operator account is disabled');
    }
    const actor: Actor = { id: record.id, badge: record.badge, name: record.name, role: record.role };
    this.session.refresh(actor);
    const access = method ? PERMISSIONS[method] : 'public';
    if (access !== 'public' && !access.includes(actor.role)) {
      throw new ServiceError('forbidden', `reserved to: ${access.join(', ')}`, undefined, {
        params: { roles: access.join(',') },
      });
    }
    this.session.touch();
    return { store, actor };
  }

  /** The session as `session.status` answers it. */
  status(): SessionStatus {
    const who = this.session.who();
    const onDuty = this.session.workstation.state() === 'none' ? null : this.session.workstation.who();
    const summary = (actor: typeof who) =>
      actor ? { id: actor.id, name: actor.name, badge: actor.badge, role: actor.role, active: true } : null;
    const store = this.openStore();
    return {
      state: this.session.state(),
      operator: summary(who),
      scope: this.session.scope(),
      onDuty: summary(onDuty),
      locksAt: this.session.locksAt(),
      idleTimeoutMs: this.session.idleTimeoutMs,
      needsBootstrap: store ? store.operatorCount() === 0 : false,
      workstation: this.workstation,
    };
  }

  /**
   * Compares a PIN under the throttle: the attempt is reserved before scrypt runs, so a burst of
   * simultaneous calls gets no more checks than calls made one by one.
   */
  async checkPin(
    badge: string,
    pin: string,
    pinHash: string,
    eligible: () => boolean = () => true,
  ): Promise<boolean> {
    const reservation = this.throttle.reserve(badge);
    if (!reservation.ok) {
      const retryInSeconds = Math.ceil(reservation.waitMs / 1000);
      throw new ServiceError(
        'too-many-attempts',
        `too many wrong PINs: try again in ${retryInSeconds} s`,
        undefined,
        { params: { retryInSeconds } },
      );
    }
    let good: boolean;
    try {
      good = (await verifyPin(pin, pinHash)) && eligible();
    } catch (error) {
      reservation.ticket.cancel();
      throw error;
    }
    if (good) reservation.ticket.succeeded();
    else reservation.ticket.failed();
    return good;
  }
}
