import type { ResultClient, UiError } from '../shared/connection/result-client';
import type { DownloadableFile } from '../shared/downloadable-file';
import { errorText } from './admin-errors';
import type { AdminT } from './admin-i18n';
import type { AdminMessage, AdminState, AdminStore } from './admin-store';

/** What the controller needs from outside: French words, a clock, a way to offer a file. */
export interface AdminDeps {
  t: AdminT;
  now: () => Date;
  download: (file: DownloadableFile) => void;
}

/** What every panel's controller works with. */
export interface PanelContext {
  store: AdminStore;
  client: ResultClient;
  deps: AdminDeps;
}

/** The panels, each with its part of the state. */
export type AdminPanel = 'masks' | 'audit' | 'register' | 'retention';

/** What every panel's state has, and the helpers below write. */
interface PanelStatus {
  busy: boolean;
  message: AdminMessage | null;
}

/** A file the core saved and answered with its bytes (audit export, register PDF). */
export interface CoreFile {
  fileName: string;
  mime: string;
  base64: string;
}

/**
 * One panel's behaviour: its requests to the core and what their answers do to its part of the
 * store, worded in French here (AdminController composes one per panel).
 */
export abstract class PanelController<P extends AdminPanel> {
  protected readonly client: ResultClient;
  protected readonly deps: AdminDeps;
  private readonly store: AdminStore;

  constructor(
    context: PanelContext,
    private readonly panel: P,
  ) {
    this.client = context.client;
    this.deps = context.deps;
    this.store = context.store;
  }

  /** This panel's part of the store. */
  protected get state(): AdminState[P] {
    return this.store.getState()[this.panel];
  }

  /** Starts the panel afresh (each panel opens on a blank state). */
  protected reset(state: AdminState[P]): void {
    this.store.setState({ [this.panel]: state });
  }

  protected patch(change: Partial<AdminState[P]>): void {
    this.write(change);
  }

  protected failure(error: UiError): AdminMessage {
    return { ok: false, text: errorText(this.deps.t, error) };
  }

  /** A refused request: the panel is usable again and says why. */
  protected refused(error: UiError): void {
    this.write({ busy: false, message: this.failure(error) });
  }

  /** Offers a file the core saved, then says where it went (`text`). */
  protected offer(file: CoreFile, text: string): void {
    this.deps.download({
      fileName: file.fileName,
      mimeType: file.mime,
      content: file.base64,
      encoding: 'base64',
    });
    this.write({ busy: false, message: { ok: true, text } });
  }

  private write(change: Partial<AdminState[P]> | Partial<PanelStatus>): void {
    this.store.setState((state) => ({ [this.panel]: { ...state[this.panel], ...change } }));
  }
}
