import type { ApiMethodName, OperatorRole } from '../../../src-shared/contract';

/*
 * Who is calling and what the permission guard tells its observer. On the plumbing floor so the
 * audit trail (the guard's observer), the wall (snapshots signed by the operator on duty) and the
 * guard itself share the words without importing each other.
 */

/** Who may call a method: anyone at the station, or these roles (the permission table's cells). */
export type Access = 'public' | readonly OperatorRole[];

/** The operator on duty at this workstation, as the permission check sees them. */
export interface SessionActor {
  id: number;
  badge: string;
  name: string;
  role: OperatorRole;
}

/** The workstation's session when a call arrives (one per core: every window shares it). */
export interface WorkstationSession {
  state: 'none' | 'active' | 'locked';
  /** The operator on duty (also while locked); null when nobody is logged in. */
  actor: SessionActor | null;
  /**
   * `window`: the caller's window has its own session (an administrator in the administration
   * window): `actor` acts for that window only and is not the operator on duty.
   */
  scope?: 'workstation' | 'window';
}

/** Why a call was refused, as answered to the caller (a contract error, so the UI can say it). */
export interface Refusal {
  code: 'not-logged-in' | 'session-locked' | 'forbidden';
  message: string;
  /** `table`: refused by the permission table; `rule`: by a handler's own rule on the target. */
  by: 'table' | 'rule';
  allowed: Access;
}

/** What the guard tells the audit trail. */
export interface GuardObserver {
  /** The session as a call found it (probed for restricted and session methods only). */
  sessionSeen(session: WorkstationSession): void;
  /** A call was refused (by the table, or by a handler's rule answering `forbidden`). */
  denied(method: ApiMethodName, refusal: Refusal, session: WorkstationSession): void;
  /** A call ran (successfully or not); `before` is the session as the call found it. */
  completed(method: ApiMethodName, params: unknown, result: unknown, before: WorkstationSession): void;
  /** Why an allowed call must still not run (its audit record cannot be written), or null. */
  refusal?(method: ApiMethodName): string | null;
}
