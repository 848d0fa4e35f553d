import { ApiMethods, type ApiMethodName } from '../../../src-shared/contract';
import { withSession } from '../api/request-scope';
import type { ApiHandlers } from '../api/api-handlers';
import type { GuardObserver, Refusal, WorkstationSession } from '../api/guard-types';

export type { GuardObserver, Refusal, SessionActor, WorkstationSession } from '../api/guard-types';
import { PERMISSIONS, type Access } from './permission-table';

export interface GuardOptions {
  /** Reads the workstation's session, fresh (role and active flag from the database). */
  session(): Promise<WorkstationSession>;
  observer: GuardObserver;
}

const NOBODY: WorkstationSession = { state: 'none', actor: null };

/** Methods whose result tells the audit trail who is on duty now (logins, logouts). */
const SESSION_METHODS = new Set<ApiMethodName>([
  'session.status',
  'session.login',
  'session.logout',
  'session.lock',
  'operators.bootstrapAdmin',
]);

/** The decision for one call; null means allowed. Pure, so tests can check the whole matrix. */
export function checkAccess(access: Access, session: WorkstationSession): Omit<Refusal, 'by'> | null {
  if (access === 'public') return null;
  if (session.state === 'none' || !session.actor) {
    return { code: 'not-logged-in', message: 'log in first', allowed: access };
  }
  if (session.state === 'locked') {
    return { code: 'session-locked', message: 'the session is locked: enter your PIN', allowed: access };
  }
  if (!access.includes(session.actor.role)) {
    return {
      code: 'forbidden',
      message: `reserved to: ${access.length ? access.join(', ') : 'nobody'} (you are ${session.actor.role})`,
      allowed: access,
    };
  }
  return null;
}

/** True when a method answers outcomes, so a refusal can be a typed `{ ok: false, error }`. */
export function answersOutcomes(method: ApiMethodName): boolean {
  const probe = { ok: false, error: { code: 'forbidden', message: 'probe' } };
  return ApiMethods[method].result.safeParse(probe).success;
}

function forbiddenOutcome(result: unknown): { code: 'forbidden'; message: string } | null {
  if (typeof result !== 'object' || result === null) return null;
  const outcome = result as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (outcome.ok !== false || outcome.error?.code !== 'forbidden') return null;
  return {
    code: 'forbidden',
    message: typeof outcome.error.message === 'string' ? outcome.error.message : '',
  };
}

/**
 * Wraps every handler with the permission check: the one place where roles are enforced before
 * a handler runs. A refused call answers the contract's outcome error (`not-logged-in`,
 * `session-locked` or `forbidden`) and is reported to the audit trail; so is a `forbidden`
 * answered by a handler's own rule on its target (another operator's PIN…), so no refusal goes
 * unrecorded. Successful calls are reported too, for the audit of logins, exports and changes.
 *
 * Throws at construction if a restricted method cannot answer an outcome: a refusal must be a
 * typed answer, never a socket error the UI cannot explain.
 */
export function guardApi(handlers: ApiHandlers, options: GuardOptions): ApiHandlers {
  const guarded: Partial<Record<ApiMethodName, (params: unknown) => Promise<unknown>>> = {};
  for (const method of Object.keys(handlers) as ApiMethodName[]) {
    const access = PERMISSIONS[method];
    if (access !== 'public' && !answersOutcomes(method)) {
      throw new Error(`permission table: ${method} is restricted but its result is not an outcome`);
    }
    const handler = handlers[method] as (params: unknown) => unknown;
    const watched = access !== 'public' || SESSION_METHODS.has(method);
    guarded[method] = async (params: unknown): Promise<unknown> => {
      const before = watched ? await options.session() : NOBODY;
      if (watched) options.observer.sessionSeen(before);
      const refused = checkAccess(access, before);
      if (refused) {
        const refusal: Refusal = { ...refused, by: 'table' };
        options.observer.denied(method, refusal, before);
        // The roles allowed, for the window's sentence ("réservé aux chefs de salle").
        const params =
          refusal.code === 'forbidden' && Array.isArray(refusal.allowed)
            ? { roles: refusal.allowed.join(',') }
            : undefined;
        return {
          ok: false,
          error: { code: refusal.code, message: refusal.message, ...(params ? { params } : {}) },
        };
      }
      const unaudited = options.observer.refusal?.(method) ?? null;
      if (unaudited) {
        if (answersOutcomes(method))
          return { ok: false, error: { code: 'audit-unavailable', message: unaudited } };
        throw new Error(`${method} refused: ${unaudited}`);
      }
      // The handler and what the audit records of it see the session checked here.
      return withSession(before, async () => {
        const result = await handler(params);
        const ruled = forbiddenOutcome(result);
        if (ruled) options.observer.denied(method, { ...ruled, by: 'rule', allowed: access }, before);
        options.observer.completed(method, params, result, before);
        return result;
      });
    };
  }
  return guarded as ApiHandlers;
}
