import type {
  LogbookApiMethods,
  LogbookDraft,
  RoomApiMethods,
  RoomViewsApiMethods,
} from '../../src-shared/contract';
import type { ResultClient, UiError } from '../shared/connection/result-client';
import type { DownloadableFile } from '../shared/downloadable-file';
import type { LogbookStore } from './store/logbook-store';

/** A main courante method of the API: the local logbook's, and the room's views of every seat. */
export type LogbookMethod =
  | keyof typeof LogbookApiMethods
  | keyof typeof RoomApiMethods
  | keyof typeof RoomViewsApiMethods
  /** The clips linked to an entry, shown in its detail. */
  | 'replay.clips';
/** The main courante's door to the core: the shared result client, narrowed to its methods. */
export type LogbookClient = ResultClient<LogbookMethod>;

/** What the controller needs from outside: a clock, ids, and a way to hand over a file. */
export interface ControllerDeps {
  now: () => Date;
  newId: () => string;
  /** Offers a file to the operator (a Blob download in the window). */
  download: (file: DownloadableFile) => void;
  /** Words a "panne caméra" draft's description (French, shared/i18n/camera-fault.ts). */
  describeFault?: (draft: LogbookDraft) => string;
}

/** What every area of the controller works with. */
export interface AreaContext {
  store: LogbookStore;
  client: LogbookClient;
  deps: ControllerDeps;
  /** Asks the core for the session now (the main controller applies the answer). */
  refreshSession(): Promise<void>;
}

/**
 * One area of the main courante's behaviour (shift, lists, drafts…): its requests to the core
 * and what their answers do to the store. LogbookController composes them. Methods never throw:
 * every failure lands in the store as a UiError next to what failed.
 */
export abstract class LogbookArea {
  protected readonly client: LogbookClient;
  protected readonly deps: ControllerDeps;
  private readonly context: AreaContext;

  constructor(context: AreaContext) {
    this.context = context;
    this.client = context.client;
    this.deps = context.deps;
  }

  protected get state() {
    return this.context.store.getState();
  }

  /** A write refused because nobody (or a locked operator) is in: the screen follows at once. */
  protected afterError(error: UiError): void {
    if (error.code === 'session-locked' || error.code === 'not-logged-in') void this.context.refreshSession();
  }
}
