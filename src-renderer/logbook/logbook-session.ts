import type { Bootstrap } from '../shared/connection/bootstrap';
import type { SocketLike } from '../shared/connection/core-connection';
import { createWindowSession, type WindowSession } from '../shared/session/window-session';
import { LogbookController, type ControllerDeps } from './logbook-controller';
import type { LogbookStore } from './store/logbook-store';

/** The main courante window's connection, controller and timers; nothing runs until `start()`. */
export type LogbookSession = WindowSession<LogbookController>;

/**
 * Wires the main courante window to the core: its own socket (the wall's windows have theirs),
 * the welcome's site and cameras into the store, "log this" drafts pushed by the core into new
 * entry drafts, the room's changes (ids pushed by the core) into the room lists, and a light
 * poll of the session so the lock screen appears when the core locks the session after
 * inactivity, or another window logs out.
 *
 * Creating it has no side effect, so React can create it during render and start and stop it in
 * an effect (StrictMode's start/stop/start included).
 */
export function createLogbookSession(
  bootstrap: Bootstrap,
  store: LogbookStore,
  deps: ControllerDeps & { createSocket: (url: string) => SocketLike },
): LogbookSession {
  return createWindowSession({
    bootstrap,
    createSocket: deps.createSocket,
    createController: (client) => new LogbookController(store, client, deps),
    onStateChange: (state) => store.getState().setConnectionState(state),
    onWelcome: (welcome) => store.getState().receiveWelcome(welcome),
    onLogbookDraft: (draft, controller) => controller.drafts.receive(draft),
    onRoomChanged: (refs, controller) => void controller.views.roomChanged(refs),
  });
}
