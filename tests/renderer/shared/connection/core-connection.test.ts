import { describe, expect, it, vi } from 'vitest';
import {
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  VIDEO_HEADER_BYTES,
  writeVideoHeader,
} from '../../../../src-shared/contract';
import {
  CoreConnection,
  RequestError,
  type CoreConnectionHandlers,
} from '../../../../src-renderer/shared/connection/core-connection';
import {
  type FakeSocket,
  recordingSockets,
  useFakeTimersQuietly,
  WELCOME,
} from '../../../support/fake-core-socket';
import { streamStatus } from '../../../support/wall-fixtures';

/** The core's send stamp on every test frame (its own monotonic clock, unrelated to the page's). */
const FRAME_SENT_AT = 123_456.5;

function videoFrame(slot: number, flags: number, payload: number[]): Uint8Array {
  const bytes = new Uint8Array(VIDEO_HEADER_BYTES + payload.length);
  writeVideoHeader(bytes, slot, flags, FRAME_SENT_AT);
  bytes.set(payload, VIDEO_HEADER_BYTES);
  return bytes;
}

function setup() {
  const { sockets, createSocket } = recordingSockets();
  const handlers = {
    onStateChange: vi.fn<CoreConnectionHandlers['onStateChange']>(),
    onWelcome: vi.fn<CoreConnectionHandlers['onWelcome']>(),
    onStreamStatus: vi.fn<CoreConnectionHandlers['onStreamStatus']>(),
  };
  const connection = new CoreConnection({
    serverUrl: 'http://127.0.0.1:4870',
    token: 'secret-token-0123456',
    handlers,
    createSocket,
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

useFakeTimersQuietly();

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
    const status = streamStatus('cam-1', {
      state: 'reconnecting',
      reason: 'unreachable',
      nextAttemptAt: 5,
      restarts: 2,
      fps: 0,
      kbps: 0,
      liveSince: null,
    });
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
      last().serverSend({ type: 'response', id, ok: true, result: { ok: true, value: wall } });
      await expect(promise).resolves.toEqual({ ok: true, value: wall });
      connection.stop();
    });

    it('rejects a result that does not match the contract', async () => {
      const { connection, last, connectAndWelcome } = setup();
      connection.start();
      connectAndWelcome();
      const promise = connection.request('wall.get', { display: 1 });
      const sent = last().sent.at(-1);
      const id = sent?.type === 'request' ? sent.id : -1;
      last().serverSend({
        type: 'response',
        id,
        ok: true,
        result: { ok: true, value: { display: 1, layout: { columns: 0 } } },
      });
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
