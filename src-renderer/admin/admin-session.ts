import type { Bootstrap } from '../shared/connection/bootstrap';
import type { SocketLike } from '../shared/connection/core-connection';
import { createWindowSession, type WindowSession } from '../shared/session/window-session';
import { AdminController } from './admin-controller';
import type { AdminStore } from './admin-store';
import type { AdminDeps } from './panel-controller';

/** The administration window's connection, controller and timers; nothing runs until `start()`. */
export type AdminSession = WindowSession<AdminController>;

/**
 * Wires the administration window to the core: its own socket (it watches no video; it only
 * calls the API, which the core checks against its permission table), the welcome's site and
 * cameras into the store, and the workstation session polled like the main courante's.
 *
 * Creating it has no side effect, so React can create it during render and start and stop it in
 * an effect (StrictMode's start/stop/start included).
 */
export function createAdminSession(
  bootstrap: Bootstrap,
  store: AdminStore,
  deps: AdminDeps & { createSocket: (url: string) => SocketLike },
): AdminSession {
  return createWindowSession({
    bootstrap,
    createSocket: deps.createSocket,
    createController: (client) => new AdminController(store, client, deps),
    onStateChange: (connectionState) => store.setState({ connectionState }),
    onWelcome: (welcome) =>
      store.setState({
        site: { siteName: welcome.siteName, workstation: welcome.workstation },
        cameras: welcome.cameras,
      }),
  });
}
