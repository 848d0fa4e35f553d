import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionStatus } from '../../src-shared/contract';
import { callOutcome, type AdminConnection } from './admin-api';

/** How often the window re-reads the session (the core locks it after inactivity). */
const POLL_MS = 15_000;
/** Activity in this window postpones the lock, at most once per this delay. */
const TOUCH_EVERY_MS = 30_000;

export interface AdminSession {
  status: SessionStatus | null;
  refresh(): Promise<void>;
  login(badge: string, pin: string): Promise<void>;
  bootstrap(name: string, badge: string, pin: string): Promise<void>;
  logout(): Promise<void>;
  lock(): Promise<void>;
}

/**
 * The workstation session as the admin window sees it. There is one session per workstation
 * (the logbook owns it), so logging in here logs in the wall and the main courante too, and the
 * window follows a lock or a logout done elsewhere by polling. Typing or clicking here counts
 * as activity, like in the main courante.
 */
export function useAdminSession({ connection, state }: AdminConnection): AdminSession {
  const [status, setStatus] = useState<SessionStatus | null>(null);
  const lastTouch = useRef(0);

  const refresh = useCallback(async () => {
    setStatus(await callOutcome(connection, 'session.status', {}));
  }, [connection]);

  useEffect(() => {
    if (state !== 'open') return;
    const load = () => refresh().catch(() => undefined);
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [state, refresh]);

  useEffect(() => {
    const onActivity = () => {
      const now = Date.now();
      if (status?.state !== 'active' || now - lastTouch.current < TOUCH_EVERY_MS) return;
      lastTouch.current = now;
      callOutcome(connection, 'session.touch', {}).then(setStatus, () => undefined);
    };
    window.addEventListener('pointerdown', onActivity);
    window.addEventListener('keydown', onActivity);
    return () => {
      window.removeEventListener('pointerdown', onActivity);
      window.removeEventListener('keydown', onActivity);
    };
  }, [connection, status?.state]);

  return {
    status,
    refresh,
    login: async (badge, pin) => setStatus(await callOutcome(connection, 'session.login', { badge, pin })),
    bootstrap: async (name, badge, pin) =>
      setStatus(await callOutcome(connection, 'operators.bootstrapAdmin', { name, badge, pin })),
    logout: async () => setStatus(await callOutcome(connection, 'session.logout', {})),
    lock: async () => setStatus(await callOutcome(connection, 'session.lock', {})),
  };
}
