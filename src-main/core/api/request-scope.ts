import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which window a request comes from, carried through every await of its handler without being
 * passed by hand: the services ask `currentWindow()` instead of taking a socket parameter on
 * every method. Outside a request (timers, the relay) there is no window.
 */
const scope = new AsyncLocalStorage<{ window: number }>();

/** Runs one request's handler as coming from window `window`. */
export function inWindow<T>(window: number, work: () => T): T {
  return scope.run({ window }, work);
}

/** The window the running request comes from, null outside a request. */
export function currentWindow(): number | null {
  return scope.getStore()?.window ?? null;
}
