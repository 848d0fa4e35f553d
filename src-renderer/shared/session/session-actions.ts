import type { SessionStatus } from '../../../src-shared/contract';
import type { ResultClient, UiError, UiOutcome } from '../connection/result-client';
import type { SessionPoller } from './session-poller';

/** The methods a window calls to open or close the workstation's session. */
export type SessionActionMethod =
  'session.login' | 'session.logout' | 'session.lock' | 'operators.bootstrapAdmin';

/** What the actions need from their window. */
export interface SessionActionsOptions {
  client: ResultClient<SessionActionMethod>;
  /** The window's poller: a login counts as activity, so the next touch can wait. */
  poller: Pick<SessionPoller, 'touched'>;
  /** Where every session the core answers goes (the app's store). */
  onStatus: (status: SessionStatus) => void;
  /** The login form's state: busy while the call runs, then the refusal, or null once in. */
  progress: (busy: boolean, error: UiError | null) => void;
  /**
   * `window`: log in for this window only, without taking the seat (the administration window);
   * `workstation` (the default): become the operator on duty.
   */
  scope?: 'workstation' | 'window';
}

/**
 * Logging in, unlocking, creating the first admin, locking and logging out, as every window of
 * the workstation does it (main courante, administration): the core decides, the answered
 * session goes to the window's store, a refusal to its login form. Nothing throws.
 */
export class SessionActions {
  constructor(private readonly options: SessionActionsOptions) {}

  /** Logs in, unlocks (same operator's badge), or switches operator; true when it worked. */
  login(badge: string, pin: string): Promise<boolean> {
    const scope = this.options.scope ?? 'workstation';
    return this.signIn(() => this.options.client.call('session.login', { badge, pin, scope }), true);
  }

  /**
   * Creates the first admin (fresh workstation only), who is then logged in; true when it
   * worked. `countsAsActivity` as for a login (the administration window) or not (the main
   * courante, whose next keystroke then touches the session).
   */
  bootstrapAdmin(
    input: { name: string; badge: string; pin: string },
    countsAsActivity: boolean,
  ): Promise<boolean> {
    const scope = this.options.scope ?? 'workstation';
    return this.signIn(
      () => this.options.client.call('operators.bootstrapAdmin', { ...input, scope }),
      countsAsActivity,
    );
  }

  async logout(): Promise<void> {
    await this.leave('session.logout');
  }

  async lock(): Promise<void> {
    await this.leave('session.lock');
  }

  private async signIn(call: () => Promise<UiOutcome<SessionStatus>>, touch: boolean): Promise<boolean> {
    this.options.progress(true, null);
    const result = await call();
    if (!result.ok) {
      this.options.progress(false, result.error);
      return false;
    }
    this.options.progress(false, null);
    if (touch) this.options.poller.touched();
    this.options.onStatus(result.value);
    return true;
  }

  private async leave(method: 'session.logout' | 'session.lock'): Promise<void> {
    const result = await this.options.client.call(method, {});
    if (result.ok) this.options.onStatus(result.value);
  }
}
