import type { Bootstrap } from '../connection/bootstrap';
import { CoreConnection, type SocketLike } from '../connection/core-connection';
import { connectionClient } from './logbook-client';
import { LogbookController, type ControllerDeps } from './logbook-controller';
import type { LogbookStore } from './store/logbook-store';

/** How often the window asks the core about the session: the core locks it on its own. */
export const SESSION_POLL_MS = 5_000;

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
  let pollTimer: ReturnType<typeof setInterval> | null = null;
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
      pollTimer = setInterval(() => void controller.poll(), SESSION_POLL_MS);
    },
    stop: () => {
      if (!running) return;
      running = false;
      if (pollTimer !== null) clearInterval(pollTimer);
      pollTimer = null;
      connection.stop();
    },
  };
}
