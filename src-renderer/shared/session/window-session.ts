import type { LogbookDraft, RoomEntryRef } from '../../../src-shared/contract';
import type { Bootstrap } from '../connection/bootstrap';
import {
  CoreConnection,
  type ConnectionState,
  type SocketLike,
  type WelcomeMessage,
} from '../connection/core-connection';
import { connectionClient, type ResultClient } from '../connection/result-client';

/** What a window session drives in its controller: the session poll, and what follows a welcome. */
export interface SessionDrivenController {
  readonly session: { start(): void; stop(): void };
  /** After each welcome (first connection and every reconnection), while the session runs. */
  onConnected(): Promise<void>;
}

/** A window's connection, controller and timers; nothing runs until `start()`. */
export interface WindowSession<C> {
  readonly controller: C;
  start(): void;
  stop(): void;
}

/** How a window wires its store and controller to its connection. */
export interface WindowSessionOptions<C> {
  bootstrap: Bootstrap;
  createSocket: (url: string) => SocketLike;
  /** The window's controller, on the connection's result client. */
  createController: (client: ResultClient) => C;
  onStateChange: (state: ConnectionState) => void;
  /** Stores the welcome's site and cameras; the controller's `onConnected` follows. */
  onWelcome: (welcome: WelcomeMessage) => void;
  /** A "log this" draft pushed by the core, while the session runs (the main courante opens it). */
  onLogbookDraft?: (draft: LogbookDraft, controller: C) => void;
  /** Entries of the room changed (ids only), while the session runs (the main courante reads them). */
  onRoomChanged?: (refs: RoomEntryRef[], controller: C) => void;
}

/**
 * Wires a window that watches no video (main courante, administration) to the core: its own
 * socket, the connection state and the welcome into the store, the controller told after each
 * welcome, and the controller's session poll running with the session.
 *
 * Creating it has no side effect, so React can create it during render and start and stop it in
 * an effect (StrictMode's start/stop/start included).
 */
export function createWindowSession<C extends SessionDrivenController>(
  options: WindowSessionOptions<C>,
): WindowSession<C> {
  let running = false;
  const connection = new CoreConnection({
    serverUrl: options.bootstrap.serverUrl,
    token: options.bootstrap.token,
    createSocket: options.createSocket,
    handlers: {
      onStateChange: (state) => options.onStateChange(state),
      onWelcome: (welcome) => {
        options.onWelcome(welcome);
        if (running) void controller.onConnected();
      },
      // These windows show no video; stream statuses are the wall's business.
      onStreamStatus: () => undefined,
      onLogbookDraft: (message) => {
        if (running) options.onLogbookDraft?.(message.draft, controller);
      },
      onRoomChanged: (message) => {
        if (running) options.onRoomChanged?.(message.refs, controller);
      },
    },
  });
  const controller = options.createController(connectionClient(connection));
  return {
    controller,
    start: () => {
      if (running) return;
      running = true;
      connection.start();
      controller.session.start();
    },
    stop: () => {
      if (!running) return;
      running = false;
      controller.session.stop();
      connection.stop();
    },
  };
}
