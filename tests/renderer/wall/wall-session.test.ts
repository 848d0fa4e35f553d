import { describe, expect, it, vi } from 'vitest';
import { gridWallState, type WallState } from '../../../src-shared/contract';
import { initI18n } from '../../../src-renderer/shared/i18n/i18n';
import { createVigieStore } from '../../../src-renderer/wall/store/vigie-store';
import { registerWallI18n } from '../../../src-renderer/wall/wall-i18n';
import { SAVE_DEBOUNCE_MS, createVigieSession } from '../../../src-renderer/wall/wall-session';
import {
  recordingSockets,
  useFakeTimersQuietly,
  WELCOME,
  type FakeSocket,
} from '../../support/fake-core-socket';

useFakeTimersQuietly();

/** A wall session for `display` over fake sockets; each (re)connection adds its socket to `sockets`. */
function sessionFor(display: number) {
  const { sockets, createSocket } = recordingSockets();
  const store = createVigieStore();
  const session = createVigieSession(
    { serverUrl: 'http://127.0.0.1:4870', token: 'secret-token-0123456', display },
    store,
    createSocket,
  );
  return { sockets, store, session };
}

/** Opens and welcomes `socket`, then answers the wall.state.get the session sends with `state`. */
function welcomeWithWall(socket: FakeSocket, display: number, state: WallState): void {
  socket.serverOpen();
  socket.serverSend(WELCOME);
  const get = socket.sent.at(-1);
  expect(get).toMatchObject({ type: 'request', method: 'wall.state.get', params: { display } });
  socket.serverSend({
    type: 'response',
    id: get?.type === 'request' ? get.id : -1,
    ok: true,
    result: { ok: true, value: { display, state, preset: state, saved: false } },
  });
}

describe('createVigieSession', () => {
  it('loads the wall state of its display after each welcome', async () => {
    const { sockets, store, session } = sessionFor(2);
    expect(sockets).toHaveLength(0);
    session.start();
    const socket = sockets[0];
    if (!socket) throw new Error('no socket');
    expect(store.getState().display).toBe(2);
    socket.serverOpen();
    socket.serverSend(WELCOME);
    expect(store.getState().connectionState).toBe('open');
    expect(store.getState().siteName).toBe('CSU');
    const request = socket.sent.at(-1);
    expect(request).toMatchObject({ type: 'request', method: 'wall.state.get', params: { display: 2 } });
    const id = request?.type === 'request' ? request.id : -1;
    const state = gridWallState(3, 3, ['cam-1']);
    socket.serverSend({
      type: 'response',
      id,
      ok: true,
      result: { ok: true, value: { display: 2, state, preset: state, saved: false } },
    });
    await vi.waitFor(() => expect(store.getState().wall).toEqual(state));

    socket.serverClose(1006);
    expect(store.getState().connectionState).toBe('lost');

    // After the reconnect the wall is fetched again (another window may have changed it).
    vi.advanceTimersByTime(500);
    const next = sockets[1];
    if (!next) throw new Error('no reconnect');
    next.serverOpen();
    next.serverSend(WELCOME);
    const again = next.sent.at(-1);
    expect(again).toMatchObject({ type: 'request', method: 'wall.state.get', params: { display: 2 } });
    const nextId = again?.type === 'request' ? again.id : -1;
    const newState = gridWallState(1, 1, [null]);
    next.serverSend({
      type: 'response',
      id: nextId,
      ok: true,
      result: { ok: true, value: { display: 2, state: newState, preset: state, saved: true } },
    });
    await vi.waitFor(() => expect(store.getState().wall).toEqual(newState));
    session.stop();
  });

  it('saves operator changes, debounced, and saves rather than reloads after a reconnect', async () => {
    const { sockets, store, session } = sessionFor(1);
    session.start();
    const socket = sockets[0]!;
    const state = gridWallState(2, 2, ['cam-1']);
    welcomeWithWall(socket, 1, state);
    await vi.waitFor(() => expect(store.getState().wall).toEqual(state));

    store.getState().assignSlot(1, 'cam-2');
    store.getState().assignSlot(2, 'cam-3');
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS - 1);
    expect(socket.sent.filter((m) => m.type === 'request' && m.method === 'wall.state.save')).toHaveLength(0);
    vi.advanceTimersByTime(1);
    const saves = socket.sent.filter((m) => m.type === 'request' && m.method === 'wall.state.save');
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({
      params: { display: 1, state: { assignments: ['cam-1', 'cam-2', 'cam-3'] } },
    });
    socket.serverSend({
      type: 'response',
      id: saves[0]?.type === 'request' ? saves[0].id : -1,
      ok: true,
      result: { ok: true, value: { savedAt: 1 } },
    });
    await vi.waitFor(() => expect(store.getState().wallDirty).toBe(false));

    // A change while the socket is down is saved after the reconnect, not overwritten.
    socket.serverClose(1006);
    store.getState().assignSlot(3, 'cam-4');
    vi.advanceTimersByTime(SAVE_DEBOUNCE_MS);
    vi.advanceTimersByTime(500);
    const next = sockets[1]!;
    next.serverOpen();
    next.serverSend(WELCOME);
    const after = next.sent.at(-1);
    expect(after).toMatchObject({ type: 'request', method: 'wall.state.save' });
    session.stop();
  });

  it('puts a spot camera for its own display into its spot tile, and ignores other displays', async () => {
    const { sockets, store, session } = sessionFor(2);
    session.start();
    const socket = sockets[0]!;
    const state = gridWallState(2, 2, ['cam-1', 'cam-2']);
    welcomeWithWall(socket, 2, state);
    await vi.waitFor(() => expect(store.getState().wall).toEqual(state));
    socket.serverSend({ type: 'spot', display: 1, cameraId: 'cam-9' });
    expect(store.getState().wall?.assignments[0]).toBe('cam-1');
    socket.serverSend({ type: 'spot', display: 2, cameraId: 'cam-9' });
    expect(store.getState().wall?.assignments[0]).toBe('cam-9');
    expect(store.getState().spotFlash?.slot).toBe(0);
    session.stop();
  });

  it('records a wall.state.get refusal for the wall to show, in French', async () => {
    registerWallI18n(initI18n());
    const { sockets, store, session } = sessionFor(1);
    session.start();
    const socket = sockets[0];
    if (!socket) throw new Error('no socket');
    socket.serverOpen();
    socket.serverSend(WELCOME);
    const request = socket.sent.at(-1);
    const id = request?.type === 'request' ? request.id : -1;
    socket.serverSend({
      type: 'response',
      id,
      ok: true,
      result: { ok: false, error: { code: 'not-found', message: 'no wall 1' } },
    });
    // The core's English stays in the log: the operator reads the code's sentence.
    await vi.waitFor(() => expect(store.getState().wallError).toBe('inconnu du serveur Vigie'));
    session.stop();
  });
});

describe('createVigieSession and the window codec probe', () => {
  it('opens the socket only once the codecs are known, so the first watches already say H.264', async () => {
    const { sockets, createSocket } = recordingSockets();
    let answer: () => void = () => undefined;
    const known = new Promise<void>((resolve) => (answer = resolve));
    const session = createVigieSession(
      { serverUrl: 'http://127.0.0.1:4870', token: 'secret-token-0123456', display: 1 },
      createVigieStore(),
      createSocket,
      () => known,
    );
    session.start();
    await Promise.resolve();
    expect(sockets).toHaveLength(0);
    answer();
    await known;
    await Promise.resolve();
    expect(sockets).toHaveLength(1);
    session.stop();
  });

  it('never opens a socket for a session stopped before the probe answered', async () => {
    const { sockets, createSocket } = recordingSockets();
    const session = createVigieSession(
      { serverUrl: 'http://127.0.0.1:4870', token: 'secret-token-0123456', display: 1 },
      createVigieStore(),
      createSocket,
      () => Promise.resolve(),
    );
    session.start();
    session.stop();
    await Promise.resolve();
    await Promise.resolve();
    expect(sockets).toHaveLength(0);
  });
});
