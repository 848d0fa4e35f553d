import type { VigieStore } from '../store/vigie-store';
import type { Bootstrap } from './bootstrap';
import { CoreConnection, type SocketLike } from './core-connection';

/** One window's connection bound to its store; nothing happens until `start()`. */
export interface VigieSession {
  readonly connection: CoreConnection;
  start(): void;
  stop(): void;
}

/**
 * Wires one window's connection to its store: statuses and welcome go to the store, and after
 * every welcome (first connect and each reconnect) the wall for this display is fetched again,
 * so a layout changed while the socket was down is picked up.
 *
 * Creating a session has no side effect, so React can create it during render and only start and
 * stop it in an effect (StrictMode's start/stop/start included).
 */
export function createVigieSession(
  bootstrap: Bootstrap,
  store: VigieStore,
  createSocket: (url: string) => SocketLike,
): VigieSession {
  const actions = store.getState();
  let running = false;
  const connection: CoreConnection = new CoreConnection({
    serverUrl: bootstrap.serverUrl,
    token: bootstrap.token,
    createSocket,
    handlers: {
      onStateChange: (state, closeCode) => actions.setConnectionState(state, closeCode),
      onStreamStatus: (status) => actions.upsertStreamStatus(status),
      onWelcome: (welcome) => {
        actions.receiveWelcome(welcome);
        connection.request('wall.get', { display: bootstrap.display }).then(
          (wall) => {
            if (running) actions.setWall(wall);
          },
          (error: unknown) => {
            if (!running) return;
            console.warn('[vigie] wall.get failed', error);
            // A lost socket triggers a reconnect and a new welcome; only report real refusals.
            if (store.getState().connectionState === 'open') {
              actions.setWallError(error instanceof Error ? error.message : String(error));
            }
          },
        );
      },
    },
  });
  return {
    connection,
    start: () => {
      if (running) return;
      running = true;
      actions.setDisplay(bootstrap.display);
      connection.start();
    },
    stop: () => {
      running = false;
      connection.stop();
    },
  };
}
