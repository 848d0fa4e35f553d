import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkstationSession } from './guard-types';

/**
 * What a request carries through every await of its handler without being passed by hand:
 * which window it comes from, and the session the permission guard found for it. The services
 * ask `currentWindow()` and `currentSession()` instead of taking them as parameters on every
 * method. Outside a request (timers, the relay) there is neither.
 */
interface RequestScope {
  window: number | null;
  session: WorkstationSession | null;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs one request's handler as coming from window `window`. */
export function inWindow<T>(window: number, work: () => T): T {
  return scope.run({ window, session: null }, work);
}

/** Runs what the guard let through with the session it checked (same window). */
export function withSession<T>(session: WorkstationSession, work: () => T): T {
  return scope.run({ window: currentWindow(), session }, work);
}

/** The window the running request comes from, null outside a request. */
export function currentWindow(): number | null {
  return scope.getStore()?.window ?? null;
}

/** The session the guard checked for the running request, null when it checked none. */
export function currentSession(): WorkstationSession | null {
  return scope.getStore()?.session ?? null;
}
