import { afterEach, beforeEach, vi } from 'vitest';
import { PROTOCOL_VERSION, type ClientMessage } from '../../src-shared/contract';
import type { SocketLike } from '../../src-renderer/shared/connection/core-connection';
import { cameraSummary } from './wall-fixtures';

/**
 * A stand-in for the browser's WebSocket on the window side (the renderer's connection code runs
 * under Node in these tests): it records what the window sends and lets a test play the core.
 */
export class FakeSocket implements SocketLike {
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

/** A `createSocket` for the window's connection code that keeps every socket it opens, oldest first. */
export function recordingSockets(): { sockets: FakeSocket[]; createSocket: (url: string) => FakeSocket } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
}

/**
 * Registers the hooks every fake-socket test file needs: fake timers (reconnects and debounces
 * run on demand) and a silenced console.warn (the connection warns on each drop), both undone
 * after each test.
 */
export function useFakeTimersQuietly(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

/** A minimal welcome from the core: one demo camera, no stream. */
export const WELCOME = {
  type: 'welcome',
  protocol: PROTOCOL_VERSION,
  siteName: 'CSU',
  workstation: 'poste-1',
  cameras: [cameraSummary(1, 'Port', { commune: 'Nice', zone: 'Est', demo: true })],
  streams: [],
};
