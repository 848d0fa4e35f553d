import type { SessionStatus } from '../../src-shared/contract';
import type { ResultClient } from '../shared/connection/result-client';
import { SessionPoller } from '../shared/session/session-poller';
import { SessionActions } from '../shared/session/session-actions';
import { errorText } from './admin-errors';
import type { AdminStore } from './admin-store';
import { AuditController } from './audit-controller';
import { MasksController } from './masks-controller';
import type { AdminDeps } from './panel-controller';
import { RegisterController } from './register-controller';
import { RetentionController } from './retention-controller';

/** How often the window re-reads the session (the core locks it after inactivity). */
export const ADMIN_SESSION_POLL_MS = 15_000;

/**
 * The administration window's behaviour, outside React, like the main courante's controller:
 * every request to the core (through the shared result client, which never throws) and what
 * its answer does to the store, worded in French. This class keeps the session (login, lock,
 * logout) and composes one controller per panel. Components only read the store and call these
 * methods, so the flows (login, a refused save keeps the edit, a save reloads what it changed)
 * are unit-tested in Node against a fake socket.
 */
export class AdminController {
  /** The workstation session, polled like the main courante's (shared/session). */
  readonly session: SessionPoller;
  readonly masks: MasksController;
  readonly audit: AuditController;
  readonly register: RegisterController;
  readonly retention: RetentionController;
  private readonly actions: SessionActions;

  constructor(
    private readonly store: AdminStore,
    client: ResultClient,
    deps: AdminDeps,
  ) {
    this.session = new SessionPoller({
      client,
      intervalMs: ADMIN_SESSION_POLL_MS,
      now: () => deps.now().getTime(),
      onStatus: (status) => this.applySession(status),
      current: () => store.getState().session,
      isConnected: () => store.getState().connectionState === 'open',
    });
    this.actions = new SessionActions({
      client,
      poller: this.session,
      onStatus: (status) => this.applySession(status),
      // An admin here acts for this window: the operator on duty stays who they are.
      scope: 'window',
      progress: (busy, error) =>
        store.setState({ login: { busy, error: error && errorText(deps.t, error) } }),
    });
    const context = { store, client, deps };
    this.masks = new MasksController(context);
    this.audit = new AuditController(context);
    this.register = new RegisterController(context);
    this.retention = new RetentionController(context);
  }

  /** After each welcome (first connection and every reconnection). */
  async onConnected(): Promise<void> {
    await this.session.refresh();
  }

  /** Keyboard or mouse activity in the window: postpones the inactivity lock (throttled). */
  activity(): void {
    this.session.activity();
  }

  private applySession(status: SessionStatus): void {
    this.store.setState({ session: status });
  }

  /** Logs in, unlocks (same operator's badge), or switches operator; true when it worked. */
  login(badge: string, pin: string): Promise<boolean> {
    return this.actions.login(badge, pin);
  }

  /** Creates the first admin (fresh workstation only) and logs them in; true when it worked. */
  bootstrap(name: string, badge: string, pin: string): Promise<boolean> {
    return this.actions.bootstrapAdmin({ name, badge, pin }, true);
  }

  logout(): Promise<void> {
    return this.actions.logout();
  }

  lock(): Promise<void> {
    return this.actions.lock();
  }
}
