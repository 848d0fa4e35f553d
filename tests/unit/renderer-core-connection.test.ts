import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PROTOCOL_VERSION,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  gridWallState,
  VIDEO_HEADER_BYTES,
  writeVideoHeader,
  type ClientMessage,
  type StreamStatus,
  type WallState,
} from '../../src-shared/contract';
import {
  CoreConnection,
  RequestError,
  type CoreConnectionHandlers,
  type SocketLike,
} from '../../src-renderer/shared/connection/core-connection';
import { SAVE_DEBOUNCE_MS, createVigieSession } from '../../src-renderer/wall/wall-session';
import { createVigieStore } from '../../src-renderer/wall/store/vigie-store';

class FakeSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  sent: ClientMessage[] = [];
  closedWith: number | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  serverSend(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  serverBinary(bytes: Uint8Array): void {
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const WELCOME = {
  type: 'welcome',
  protocol: PROTOCOL_VERSION,
  siteName: 'CSU',
  workstation: 'poste-1',
  cameras: [
    {
      id: 'cam-1',
      number: 1,
      name: 'Port',
      commune: 'Nice',
      zone: 'Est',
      kind: 'security',
      hasSubStream: false,
      demo: true,
    },
  ],
  streams: [],
};

/** The core's send stamp on every test frame (its own monotonic clock, unrelated to the page's). */
const FRAME_SENT_AT = 123_456.5;

function videoFrame(slot: number, flags: number, payload: number[]): Uint8Array {
  const bytes = new Uint8Array(VIDEO_HEADER_BYTES + payload.length);
  writeVideoHeader(bytes, slot, flags, FRAME_SENT_AT);
  bytes.set(payload, VIDEO_HEADER_BYTES);
  return bytes;
}

function setup() {
  const sockets: FakeSocket[] = [];
  const handlers = {
    onStateChange: vi.fn<CoreConnectionHandlers['onStateChange']>(),
    onWelcome: vi.fn<CoreConnectionHandlers['onWelcome']>(),
    onStreamStatus: vi.fn<CoreConnectionHandlers['onStreamStatus']>(),
  };
  const connection = new CoreConnection({
    serverUrl: 'http://127.0.0.1:4870',
    token: 'secret-token-0123456',
    handlers,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  });
  const last = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket opened');
    return socket;
  };
  const connectAndWelcome = () => {
    last().serverOpen();
    last().serverSend(WELCOME);
  };
  return { sockets, handlers, connection, last, connectAndWelcome };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('CoreConnection', () => {
  it('opens one socket to /ws with the token, in arraybuffer mode', () => {
    const { connection, sockets } = setup();
    connection.start();
    connection.start();
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:4870/ws?token=secret-token-0123456');
    expect(sockets[0]?.binaryType).toBe('arraybuffer');
    connection.stop();
  });

  it('becomes open on welcome and reports it', () => {
    const { connection, handlers, connectAndWelcome } = setup();
    connection.start();
    connectAndWelcome();
    expect(handlers.onWelcome).toHaveBeenCalledWith(expect.objectContaining({ siteName: 'CSU' }));
    expect(handlers.onStateChange).toHaveBeenLastCalledWith('open', null);
    expect(connection.connectionState).toBe('open');
    connection.stop();
  });

  it('ignores and warns about invalid text messages', () => {
    const { connection, handlers, last } = setup();
    connection.start();
    last().serverOpen();
    last().serverSend({ type: 'welcome', protocol: 99 });
    last().onmessage?.({ data: 'not json' });
    expect(handlers.onWelcome).not.toHaveBeenCalled();
    expect(console.warn).toHaveBeenCalledTimes(2);
    connection.stop();
  });

  it('forwards stream-status pushes', () => {
    const { connection, handlers, last, connectAndWelcome } = setup();
    connection.start();
    connectAndWelcome();
    const status: StreamStatus = {
      cameraId: 'cam-1',
      profile: 'grid',
      state: 'reconnecting',
      reason: 'unreachable',
      detail: null,
      nextAttemptAt: 5,
      restarts: 2,
      viewers: 1,
      fps: 0,
      kbps: 0,
      liveSince: null,
      pid: null,
    };
    last().serverSend({ type: 'stream-status', status });
    expect(handlers.onStreamStatus).toHaveBeenCalledWith(status);
    connection.stop();
  });

  describe('requests', () => {
    it('resolves with the validated result', async () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const promise = connection.request('wall.get', { display: 2 });
      const sent = last().sent.at(-1);
      expect(sent).toMatchObject({ type: 'request', method: 'wall.get', params: { display: 2 } });
      const id = sent?.type === 'request' ? sent.id : -1;
      const wall = { display: 2, layout: { columns: 2, rows: 1, tiles: ['cam-1', null] } };
      last().serverSend({ type: 'response', id, ok: true, result: wall });
      await expect(promise).resolves.toEqual(wall);
      connection.stop();
    });

    it('rejects a result that does not match the contract', async () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const promise = connection.request('wall.get', { display: 1 });
      const sent = last().sent.at(-1);
      const id = sent?.type === 'request' ? sent.id : -1;
      last().serverSend({ type: 'response', id, ok: true, result: { display: 1, layout: { columns: 0 } } });
      await expect(promise).rejects.toMatchObject({ code: 'invalid-result' });
      connection.stop();
    });

    it('rejects with the core error code', async () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const promise = connection.request('wall.get', { display: 9 });
      const sent = last().sent.at(-1);
      const id = sent?.type === 'request' ? sent.id : -1;
      last().serverSend({
        type: 'response',
        id,
        ok: false,
        error: { code: 'not-found', message: 'no wall' },
      });
      await expect(promise).rejects.toBeInstanceOf(RequestError);
      await expect(promise).rejects.toMatchObject({ code: 'not-found' });
      connection.stop();
    });

    it('times out, and fails immediately when not connected', async () => {
      const { connection, connectAndWelcome } = setup();
      await expect(connection.request('streams.list', {})).rejects.toMatchObject({ code: 'not-connected' });
      connection.start();
      connectAndWelcome();
      const promise = connection.request('streams.list', {});
      vi.advanceTimersByTime(10_001);
      await expect(promise).rejects.toMatchObject({ code: 'timeout' });
      connection.stop();
    });

    it('fails pending requests when the socket closes', async () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const promise = connection.request('streams.list', {});
      last().serverClose(1006);
      await expect(promise).rejects.toMatchObject({ code: 'closed' });
      connection.stop();
    });
  });

  describe('watches', () => {
    it('sends watch/unwatch and routes binary frames to the sink', () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const chunks: Array<[number[], number]> = [];
      const unsubscribe = connection.watch('cam-1', 'grid', {
        onChunk: (payload, flags) => chunks.push([[...new Uint8Array(payload)], flags]),
      });
      const watch = last().sent.at(-1);
      expect(watch).toMatchObject({ type: 'watch', cameraId: 'cam-1', profile: 'grid' });
      const slot = watch?.type === 'watch' ? watch.slot : -1;
      last().serverBinary(videoFrame(slot, VIDEO_FLAG_KEYFRAME, [0x47, 0x40]));
      expect(chunks).toEqual([[[0x47, 0x40], VIDEO_FLAG_KEYFRAME]]);
      // The frame is acknowledged with the core's own stamp, so the core can see this window lag.
      expect(last().sent.at(-1)).toEqual({ type: 'ack', sentAt: FRAME_SENT_AT });
      unsubscribe();
      unsubscribe();
      expect(last().sent.filter((m) => m.type === 'unwatch')).toEqual([{ type: 'unwatch', slot }]);
      last().serverBinary(videoFrame(slot, 0, [1]));
      expect(chunks).toHaveLength(1);
      connection.stop();
    });

    it('waits for the welcome before sending watches made early', () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connection.watch('cam-1', 'grid', { onChunk: () => undefined });
      expect(last().sent).toEqual([]);
      connectAndWelcome();
      expect(last().sent).toMatchObject([{ type: 'watch', cameraId: 'cam-1' }]);
      connection.stop();
    });

    it('passes watch-refused to the sink', () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const onRefused = vi.fn();
      connection.watch('ghost', 'grid', { onChunk: () => undefined, onRefused });
      const watch = last().sent.at(-1);
      const slot = watch?.type === 'watch' ? watch.slot : -1;
      last().serverSend({ type: 'watch-refused', slot, reason: 'unknown-camera' });
      expect(onRefused).toHaveBeenCalledWith('unknown-camera');
      connection.stop();
    });
  });

  describe('reconnection', () => {
    it('reports lost, backs off 0.5 s doubling to 5 s, and resets after a welcome', () => {
      const { connection, sockets, handlers, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const delays: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const count = sockets.length;
        last().serverClose(1006);
        let waited = 0;
        while (sockets.length === count) {
          vi.advanceTimersByTime(100);
          waited += 100;
        }
        delays.push(waited);
      }
      expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
      expect(handlers.onStateChange).toHaveBeenCalledWith('lost', 1006);
      connectAndWelcome();
      const count = sockets.length;
      last().serverClose(1006);
      vi.advanceTimersByTime(500);
      expect(sockets).toHaveLength(count + 1);
      connection.stop();
    });

    it('re-sends every watch on the new socket and resets decoders on their next chunk', () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const flags: number[] = [];
      connection.watch('cam-1', 'grid', { onChunk: (_payload, f) => flags.push(f) });
      const first = last().sent.at(-1);
      const slot = first?.type === 'watch' ? first.slot : -1;
      last().serverClose(1006);
      vi.advanceTimersByTime(500);
      connectAndWelcome();
      expect(last().sent).toEqual([{ type: 'watch', slot, cameraId: 'cam-1', profile: 'grid' }]);
      last().serverBinary(videoFrame(slot, VIDEO_FLAG_KEYFRAME, [1]));
      last().serverBinary(videoFrame(slot, 0, [2]));
      expect(flags).toEqual([VIDEO_FLAG_KEYFRAME | VIDEO_FLAG_RESET, 0]);
      connection.stop();
    });

    it('stops for good on stop(): socket closed, no reconnect', () => {
      const { connection, sockets, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const socket = last();
      connection.stop();
      expect(socket.closedWith).toBe(1000);
      socket.serverClose(1000);
      vi.advanceTimersByTime(60_000);
      expect(sockets).toHaveLength(1);
    });

    it('can start again after stop() and re-sends its watches (StrictMode remount)', () => {
      const { connection, sockets, last, connectAndWelcome } = setup();
      connection.start();
      connection.watch('cam-1', 'grid', { onChunk: () => undefined });
      connection.stop();
      connection.start();
      expect(sockets).toHaveLength(2);
      connectAndWelcome();
      expect(last().sent).toMatchObject([{ type: 'watch', cameraId: 'cam-1' }]);
      expect(connection.connectionState).toBe('open');
      connection.stop();
    });

    it('does not reconnect after stop() during the backoff', () => {
      const { connection, sockets, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      last().serverClose(1006);
      connection.stop();
      vi.advanceTimersByTime(60_000);
      expect(sockets).toHaveLength(1);
    });
  });
});

/** A wall session for `display` over fake sockets; each (re)connection adds its socket to `sockets`. */
function sessionFor(display: number) {
  const sockets: FakeSocket[] = [];
  const store = createVigieStore();
  const session = createVigieSession(
    { serverUrl: 'http://127.0.0.1:4870', token: 'secret-token-0123456', display },
    store,
    (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
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
    result: { display, state, preset: state, saved: false },
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
      result: { display: 2, state, preset: state, saved: false },
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
      result: { display: 2, state: newState, preset: state, saved: true },
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
      result: { savedAt: 1 },
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

  it('records a wall.state.get refusal for the wall to show', async () => {
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
      ok: false,
      error: { code: 'not-found', message: 'no wall 1' },
    });
    await vi.waitFor(() => expect(store.getState().wallError).toContain('no wall 1'));
    session.stop();
  });
});
