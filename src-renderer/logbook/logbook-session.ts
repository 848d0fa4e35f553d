import type { Bootstrap } from '../shared/connection/bootstrap';
import { CoreConnection, type SocketLike } from '../shared/connection/core-connection';
import { connectionClient } from '../shared/connection/result-client';
import { LogbookController, type ControllerDeps } from './logbook-controller';
import type { LogbookStore } from './store/logbook-store';

/** The main courante window's connection, controller and timers; nothing runs until `start()`. */
export interface LogbookSession {
  readonly controller: LogbookController;
  start(): void;
  stop(): void;
}

/**
 * Wires the main courante window to the core: its own socket (the wall's windows have theirs),
 * the welcome's site and cameras into the store, "log this" drafts pushed by the core into new
 * entry drafts, and a light poll of the session so the lock screen appears when the core locks
 * the session after inactivity, or another window logs out.
 *
 * Creating it has no side effect, so React can create it during render and start and stop it in
 * an effect (StrictMode's start/stop/start included).
 */
export function createLogbookSession(
  bootstrap: Bootstrap,
  store: LogbookStore,
  deps: ControllerDeps & { createSocket: (url: string) => SocketLike },
): LogbookSession {
  let running = false;
  const connection = new CoreConnection({
    serverUrl: bootstrap.serverUrl,
    token: bootstrap.token,
    createSocket: deps.createSocket,
    handlers: {
      onStateChange: (state) => store.getState().setConnectionState(state),
      onWelcome: (welcome) => {
        store.getState().receiveWelcome(welcome);
        if (running) void controller.onConnected();
      },
      // The main courante shows no video; stream statuses are the wall's business.
      onStreamStatus: () => undefined,
      onLogbookDraft: (message) => {
        if (running) controller.receiveDraft(message.draft);
      },
    },
  });
  const controller = new LogbookController(store, connectionClient(connection), deps);
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
