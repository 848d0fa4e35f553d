import { useEffect, useMemo } from 'react';
import type { WindowSession } from './window-session';

/**
 * Runs a window's session while the component is mounted, with the operator's keyboard and mouse
 * activity postponing the core's inactivity lock; returns the window's context value (its store
 * and controller), stable while both are.
 */
export function useWindowSession<S, C extends { activity(): void }>(
  store: S,
  session: WindowSession<C>,
): { store: S; controller: C } {
  useEffect(() => {
    session.start();
    const activity = () => session.controller.activity();
    window.addEventListener('keydown', activity, { passive: true });
    window.addEventListener('pointerdown', activity, { passive: true });
    return () => {
      window.removeEventListener('keydown', activity);
      window.removeEventListener('pointerdown', activity);
      session.stop();
    };
  }, [session]);
  return useMemo(() => ({ store, controller: session.controller }), [store, session]);
}
