import type { VigieStore } from './store/vigie-store';
import type { Bootstrap } from '../shared/connection/bootstrap';
import { CoreConnection, type SocketLike } from '../shared/connection/core-connection';
import { connectionClient } from '../shared/connection/result-client';
import { wallErrorText } from './wall-errors';

/** One window's connection bound to its store; nothing happens until `start()`. */
export interface VigieSession {
  readonly connection: CoreConnection;
  start(): void;
  stop(): void;
  /** Saves a pending wall change now (the window is about to close). */
  flush(): void;
}

/**
 * Delay between the operator's last change and saving the wall: a burst of key presses (typing
 * camera numbers, paging) costs one write, and a change is on disk well within a second.
 */
export const SAVE_DEBOUNCE_MS = 400;
/** Tours, notices and flashes advance on this tick; the shortest tour step is 2 s. */
export const TICK_MS = 250;
/** How often the wall asks who is on duty: a takeover at another window shows within this. */
export const ON_DUTY_POLL_MS = 5_000;

/**
 * Wires one window's connection to its store: statuses and welcome go to the store; after every
 * welcome (first connect and each reconnect) this display's wall state is fetched from the core
 * — unless the operator changed it while the socket was down, in which case the change is saved
 * instead of being overwritten. Every later change is saved, debounced. Spot pushes for this
 * display land in its spot tile.
 *
 * Creating a session has no side effect, so React can create it during render and only start and
 * stop it in an effect (StrictMode's start/stop/start included).
 */
export function createVigieSession(
  bootstrap: Bootstrap,
  store: VigieStore,
  createSocket: (url: string) => SocketLike,
  /**
   * Resolves once the window knows which codecs its tiles decode (the WebCodecs probe, see
   * h264-support.ts); the socket opens after it, so the first watches already say so.
   */
  codecsKnown?: () => Promise<unknown>,
): VigieSession {
  const actions = store.getState();
  let running = false;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let tickTimer: ReturnType<typeof setInterval> | null = null;
  let dutyTimer: ReturnType<typeof setInterval> | null = null;
  let unsubscribe: (() => void) | null = null;

  const loadWall = () => {
    void client.call('wall.state.get', { display: bootstrap.display }).then((outcome) => {
      if (!running) return;
      if (outcome.ok) {
        actions.loadWall(outcome.value);
        return;
      }
      console.warn('[vigie] wall.state.get failed', outcome.error);
      // A lost socket triggers a reconnect and a new welcome; only report real refusals.
      if (store.getState().connectionState === 'open') actions.setWallError(wallErrorText(outcome.error));
    });
  };

  const save = () => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    const { wall, wallDirty } = store.getState();
    if (!wall || !wallDirty) return;
    // Not connected: the request fails at once and the next welcome saves it (see onWelcome).
    void client.call('wall.state.save', { display: bootstrap.display, state: wall }).then((outcome) => {
      if (outcome.ok) {
        store.getState().markSaved(wall);
        return;
      }
      console.warn('[vigie] wall.state.save failed', outcome.error);
      if (running && store.getState().connectionState === 'open') {
        actions.notify('saveFailed', { error: wallErrorText(outcome.error) }, 'error');
      }
    });
  };

  const scheduleSave = () => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DEBOUNCE_MS);
  };

  const connection: CoreConnection = new CoreConnection({
    serverUrl: bootstrap.serverUrl,
    token: bootstrap.token,
    createSocket,
    handlers: {
      onStateChange: (state, closeCode) => actions.setConnectionState(state, closeCode),
      onStreamStatus: (status) => actions.upsertStreamStatus(status),
      onWelcome: (welcome) => {
        actions.receiveWelcome(welcome);
        const { wall, wallDirty } = store.getState();
        if (wall && wallDirty) save();
        else loadWall();
        pollOnDuty();
      },
      onSpot: (spot) => {
        if (!running || spot.display !== bootstrap.display) return;
        const slot = actions.receiveSpot(spot.cameraId);
        if (slot === null) return;
        actions.flashSpot(slot, Date.now());
        const camera = spot.cameraId === null ? undefined : store.getState().camerasById[spot.cameraId];
        if (camera) actions.notify('spotReceived', { number: camera.number });
      },
    },
  });

  const client = connectionClient(connection);
  /** Who is on duty, for the header: the wall never logs anyone in, it only asks. */
  const pollOnDuty = () => {
    if (store.getState().connectionState !== 'open') return;
    void client.call('session.status', {}).then((outcome) => {
      if (running && outcome.ok) actions.setOnDuty(outcome.value.onDuty);
    });
  };

  return {
    connection,
    start: () => {
      if (running) return;
      running = true;
      actions.setDisplay(bootstrap.display);
      unsubscribe = store.subscribe((state, previous) => {
        if (state.wall !== previous.wall && state.wallDirty) scheduleSave();
      });
      tickTimer = setInterval(() => store.getState().tick(Date.now()), TICK_MS);
      dutyTimer = setInterval(pollOnDuty, ON_DUTY_POLL_MS);
      // The first watches already say whether this window decodes H.264: no MPEG-1 transcode is
      // started only to be replaced a moment later. The probe answers at once and never rejects.
      if (!codecsKnown) connection.start();
      else
        void codecsKnown().then(() => {
          if (running) connection.start();
        });
    },
    stop: () => {
      if (!running) return;
      save();
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      if (tickTimer !== null) clearInterval(tickTimer);
      tickTimer = null;
      if (dutyTimer !== null) clearInterval(dutyTimer);
      dutyTimer = null;
      connection.stop();
    },
    flush: save,
  };
}
