import type { SessionStatus } from '../../src-shared/contract';
import { SessionPoller } from '../shared/session/session-poller';
import { SessionActions } from '../shared/session/session-actions';
import { DraftController } from './draft-controller';
import { EntryEditController } from './entry-edit-controller';
import { ExportController } from './export-controller';
import type { AreaContext, ControllerDeps, LogbookClient } from './logbook-area';
import { OperatorsController } from './operators-controller';
import { ShiftController } from './shift-controller';
import type { LogbookStore } from './store/logbook-store';
import { ViewController } from './view-controller';

export type { ControllerDeps, LogbookClient, LogbookMethod } from './logbook-area';

/** How often the window asks the core about the session: the core locks it on its own. */
export const SESSION_POLL_MS = 5_000;

/**
 * The main courante's behaviour, outside React: every request to the core and what its answer
 * does to the store. This class keeps the session and the chain's integrity, and composes one
 * controller per area (shift, views, drafts, edits, exports, operators). Components only read
 * the store and call these methods, so the flows (a refused write keeps the text, a lock sends
 * the operator to the lock screen, "log this" never overwrites a draft) are unit-tested in Node
 * with a fake client.
 *
 * Methods never throw: every failure lands in the store as a UiError next to what failed.
 */
export class LogbookController {
  /** The workstation session, polled like the administration window's (shared/session). */
  readonly session: SessionPoller;
  readonly shift: ShiftController;
  readonly operators: OperatorsController;
  readonly views: ViewController;
  readonly drafts: DraftController;
  readonly edits: EntryEditController;
  readonly exports: ExportController;
  private readonly actions: SessionActions;

  constructor(
    private readonly store: LogbookStore,
    private readonly client: LogbookClient,
    deps: ControllerDeps,
  ) {
    this.session = new SessionPoller({
      client,
      intervalMs: SESSION_POLL_MS,
      now: () => deps.now().getTime(),
      onStatus: (status) => this.applySession(status),
      current: () => this.state.session,
      isConnected: () => this.state.connectionState === 'open',
      afterPoll: async () => {
        if (this.state.integrity?.state === 'verifying') await this.refreshIntegrity();
      },
    });
    this.actions = new SessionActions({
      client,
      poller: this.session,
      onStatus: (status) => this.applySession(status),
      progress: (busy, error) => this.state.setAuth(busy, error),
    });
    const context: AreaContext = { store, client, deps, refreshSession: () => this.refreshSession() };
    this.shift = new ShiftController(context);
    this.operators = new OperatorsController(context);
    this.views = new ViewController(context, this.shift, this.operators);
    this.drafts = new DraftController(context, this.views, this.shift);
    this.edits = new EntryEditController(context, this.shift);
    this.exports = new ExportController(context);
  }

  private get state() {
    return this.store.getState();
  }

  /**
   * After each welcome (first connection and every reconnection). A room list on screen is
   * loaded again: pushes sent while the socket was down are lost, the server's lists are not.
   */
  async onConnected(): Promise<void> {
    await Promise.all([this.refreshIntegrity(), this.refreshSession(), this.views.refreshRoom()]);
    if (this.state.session?.state === 'active' && this.state.list?.room) await this.views.reload();
  }

  /** Periodic check: the core locks on its own, and another window may log out or in. */
  async poll(): Promise<void> {
    await this.session.poll();
  }

  async refreshSession(): Promise<void> {
    await this.session.refresh();
  }

  async refreshIntegrity(): Promise<void> {
    const result = await this.client.call('logbook.integrity', {});
    if (result.ok) this.state.setIntegrity(result.value);
  }

  private applySession(status: SessionStatus): void {
    const before = this.state.session;
    this.state.setSession(status);
    const operatorChanged = before?.operator?.id !== status.operator?.id;
    if (operatorChanged) {
      this.state.resetShiftView();
      this.state.selectEntry(null);
    }
    const becameActive = status.state === 'active' && (before?.state !== 'active' || operatorChanged);
    if (becameActive) void this.loadWorkspace();
    // Another window of the workstation may have opened, handed over or closed the shift: the
    // header, the banner and the composer follow at the next poll, never an old "no shift".
    else if (status.state === 'active') void this.shift.refresh();
  }

  /** Keyboard or mouse activity in the window: postpones the inactivity lock (throttled). */
  activity(): void {
    this.session.activity();
  }

  /** Taxonomy, shift, operators and the list on screen, once someone is in. */
  async loadWorkspace(): Promise<void> {
    // Whether the lists are the room's is known before the first list loads.
    await this.views.refreshRoom();
    const [taxonomy] = await Promise.all([
      this.client.call('logbook.taxonomy', {}),
      this.shift.refresh(),
      this.operators.load(),
      this.views.reload(),
    ]);
    if (taxonomy.ok) this.state.setTaxonomy(taxonomy.value);
  }

  /** Creates the first admin (fresh logbook only); true when it worked. */
  bootstrapAdmin(input: { name: string; badge: string; pin: string }): Promise<boolean> {
    return this.actions.bootstrapAdmin(input, false);
  }

  /** Logs in, unlocks (same operator), or switches operator; true when it worked. */
  login(badge: string, pin: string): Promise<boolean> {
    return this.actions.login(badge, pin);
  }

  logout(): Promise<void> {
    return this.actions.logout();
  }

  lock(): Promise<void> {
    return this.actions.lock();
  }
}
