import type { SessionStatus } from '../../../src-shared/contract';
import type { ResultClient } from '../connection/result-client';

/** Activity postpones the core's inactivity lock at most this often (one request, not one per key). */
export const TOUCH_EVERY_MS = 30_000;

/** The two session methods the poller calls; logging in and out stays with each app. */
export type SessionPollMethod = 'session.status' | 'session.touch';

/** Timer hooks, injectable so tests drive the poll by hand. */
export interface PollTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: PollTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** What the poller needs from its window. */
export interface SessionPollerOptions {
  client: ResultClient<SessionPollMethod>;
  /** How often the session is re-read while the window runs. */
  intervalMs: number;
  /** Milliseconds since the epoch (tests pin it). */
  now: () => number;
  /** Where every status the core answers goes (the app's store). */
  onStatus: (status: SessionStatus) => void;
  /** The status the window shows: only an active session is touched by activity. */
  current: () => SessionStatus | null;
  /** False while the socket is down: a periodic poll is then skipped, not queued. */
  isConnected: () => boolean;
  /** Runs after each periodic poll's answer (the logbook re-checks an integrity still verifying). */
  afterPoll?: () => Promise<void>;
  timers?: PollTimers;
}

/**
 * The workstation's operator session as every window follows it. There is one session per
 * workstation, owned by the core: it locks it after inactivity, and any window (main courante,
 * administration) may log in, lock or log out. So each window re-reads it periodically, and
 * reports the operator's keyboard and mouse activity, throttled, to postpone the lock.
 *
 * The same class serves the logbook and the administration windows; each only says how often
 * to ask and where the answers go. Failures are silent: a lost socket shows its own banner, and
 * the next poll after the reconnection catches up.
 */
export class SessionPoller {
  private timer: unknown = null;
  private lastTouch = 0;
  private readonly timers: PollTimers;

  constructor(private readonly options: SessionPollerOptions) {
    this.timers = options.timers ?? realTimers;
  }

  /** Starts the periodic poll (idempotent). */
  start(): void {
    if (this.timer !== null) return;
    this.timer = this.timers.setInterval(() => void this.poll(), this.options.intervalMs);
  }

  stop(): void {
    if (this.timer === null) return;
    this.timers.clearInterval(this.timer);
    this.timer = null;
  }

  /** One periodic check: the core locks on its own, and another window may log out or in. */
  async poll(): Promise<void> {
    if (!this.options.isConnected()) return;
    await this.refresh();
    await this.options.afterPoll?.();
  }

  /** Asks the core for the session now (after a welcome, after a refused write). */
  async refresh(): Promise<void> {
    const result = await this.options.client.call('session.status', {});
    if (result.ok) this.options.onStatus(result.value);
  }

  /** Keyboard or mouse activity in the window: postpones the inactivity lock (throttled). */
  activity(): void {
    const now = this.options.now();
    if (this.options.current()?.state !== 'active' || now - this.lastTouch < TOUCH_EVERY_MS) return;
    this.lastTouch = now;
    void this.options.client.call('session.touch', {}).then((result) => {
      if (result.ok) this.options.onStatus(result.value);
    });
  }

  /** A login just happened: the core counts it as activity, so the next touch can wait. */
  touched(): void {
    this.lastTouch = this.options.now();
  }
}
