import type { OperatorSummary, Outcome, SessionStatus } from '../../../src-shared/contract';
import type { WorkstationSession } from './guarded-api';

/** What the probe needs from the logbook, which owns operators and the workstation session. */
export interface SessionSource {
  /** The logbook's own `session.status` handler (unguarded). */
  status(): Promise<Outcome<SessionStatus>>;
  /** The operator as stored now (role, active flag), or null when the logbook is unavailable. */
  operatorById(id: number): OperatorSummary | null;
}

/**
 * Reads who is on duty for the permission check. The session keeps the operator as they were at
 * login; the role and the active flag are re-read from the database, so disabling an account
 * takes effect at its next call rather than at its next login.
 */
export async function probeSession(source: SessionSource): Promise<WorkstationSession> {
  const status = await source.status();
  if (!status.ok || !status.value.operator || status.value.state === 'none') {
    return { state: 'none', actor: null };
  }
  const stored = source.operatorById(status.value.operator.id);
  if (!stored?.active) return { state: 'none', actor: null };
  return {
    state: status.value.state,
    actor: { id: stored.id, badge: stored.badge, name: stored.name, role: stored.role },
    scope: status.value.scope,
  };
}
