import type { Bootstrap } from '../shared/connection/bootstrap';
import { CoreConnection, type SocketLike } from '../shared/connection/core-connection';
import { connectionClient } from '../shared/connection/result-client';
import { AdminController, type AdminDeps } from './admin-controller';
import type { AdminStore } from './admin-store';

/** The administration window's connection, controller and timers; nothing runs until `start()`. */
export interface AdminSession {
  readonly controller: AdminController;
  start(): void;
  stop(): void;
}

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
  let running = false;
  const connection = new CoreConnection({
    serverUrl: bootstrap.serverUrl,
    token: bootstrap.token,
    createSocket: deps.createSocket,
    handlers: {
      onStateChange: (connectionState) => store.setState({ connectionState }),
      onWelcome: (welcome) => {
        store.setState({
          site: { siteName: welcome.siteName, workstation: welcome.workstation },
          cameras: welcome.cameras,
        });
        if (running) void controller.onConnected();
      },
      onStreamStatus: () => undefined,
    },
  });
  const controller = new AdminController(store, connectionClient(connection), deps);
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
