import {
  ApiMethods,
  parseServerMessage,
  readVideoHeader,
  type ApiMethodName,
  type ApiParams,
  type ApiResult,
  type ClientMessage,
  type PassthroughCodec,
  type ServerMessage,
  type StreamProfile,
  type SpotMessage,
  type LogbookDraftMessage,
  type RoomChangedMessage,
  type StreamStatus,
} from '../../../src-shared/contract';
import { buildSocketUrl } from './bootstrap';
import { FlowAck } from './flow-ack';
import { SlotRouter, type SlotSubscription, type VideoSink } from './slot-router';

/** The watch message for a slot; `accept` only when the tile decodes more than MPEG-1. */
function watchMessage(slot: number, subscription: SlotSubscription): ClientMessage {
  const { cameraId, profile, accept = [] } = subscription;
  return accept.length > 0
    ? { type: 'watch', slot, cameraId, profile, accept }
    : { type: 'watch', slot, cameraId, profile };
}

/** A `replay-*` message a window sends, as the contract spells it. */
type ReplayMessage = Extract<ClientMessage, { type: `replay-${string}` }>;
/** A replay command for a watch's slot: the connection adds the slot (the tile never knows it). */
export type ReplayCommand = ReplayMessage extends infer M
  ? M extends ReplayMessage
    ? Omit<M, 'slot'>
    : never
  : never;

/**
 * What `watch()` returns: calling it unsubscribes (safe more than once); `replay()` steers the
 * instant replay of this very slot (ignored once unsubscribed or while the socket is down: the
 * core ends a slot's replay with its socket anyway).
 */
export interface VideoWatch {
  (): void;
  replay(command: ReplayCommand): void;
}

/** `lost` covers every moment between a drop and the next welcome, so the banner stays up throughout. */
export type ConnectionState = 'connecting' | 'open' | 'lost';
/** The core's first message on each socket; the only source of cameras and site identity. */
export type WelcomeMessage = Extract<ServerMessage, { type: 'welcome' }>;

/**
 * The subset of the DOM WebSocket the connection uses. Declared here so tests can drive the
 * connection with a fake socket and so this file type-checks without DOM libs.
 */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** WebSocket.OPEN, without depending on the DOM global. */
const SOCKET_OPEN = 1;

/** What the connection reports upward; the session wires these to the store. */
export interface CoreConnectionHandlers {
  onStateChange(state: ConnectionState, closeCode: number | null): void;
  onWelcome(welcome: WelcomeMessage): void;
  onStreamStatus(status: StreamStatus): void;
  /** A camera was sent to a display's spot tile (every window gets it; each keeps its own display's). */
  onSpot?(message: SpotMessage): void;
  /** A "log this" draft pushed by the core (logbook.prefill); the main courante window opens it. */
  onLogbookDraft?(message: LogbookDraftMessage): void;
  /** Entries of the room (any seat) changed: ids only, the main courante reads them again. */
  onRoomChanged?(message: RoomChangedMessage): void;
}

/** Construction options; timing knobs exist for tests, production uses the defaults. */
export interface CoreConnectionOptions {
  serverUrl: string;
  token: string;
  handlers: CoreConnectionHandlers;
  /** Opens the socket; the renderer passes `(url) => new WebSocket(url)`. */
  createSocket: (url: string) => SocketLike;
  requestTimeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Raised for every request that did not produce a valid result. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code:
      'not-connected' | 'timeout' | 'closed' | 'invalid-result' | 'bad-request' | 'not-found' | 'internal',
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

interface PendingRequest {
  method: ApiMethodName;
  resolve(value: unknown): void;
  reject(error: RequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Methods whose answer legitimately takes longer than a click's: an evidence clip is encoded
 * while the chef de salle waits (the core gives ffmpeg 5 min), and giving up earlier would tell
 * them it failed while the clip is being filed in the register.
 */
const SLOW_METHODS: Partial<Record<ApiMethodName, number>> = { 'replay.clip': 6 * 60_000 };

/**
 * The window's single socket to the core: requests, video watches and status pushes.
 *
 * One socket multiplexes every tile (see the contract), so this class owns the slot table and
 * keeps it across reconnects: tiles subscribe once and keep receiving video after the core comes
 * back, without knowing a reconnect happened. Lifecycle is explicit (start/stop) so React effects,
 * StrictMode double-mounts and tests control exactly when sockets exist.
 */
export class CoreConnection {
  private readonly router = new SlotRouter();
  /** Tells the core which frames this window has handled, so it can tell when the window lags. */
  private readonly acks = new FlowAck((sentAt) => this.send({ type: 'ack', sentAt }));
  private readonly pending = new Map<number, PendingRequest>();
  private readonly socketUrl: string;
  private readonly requestTimeoutMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private socket: SocketLike | null = null;
  private welcomed = false;
  private running = false;
  private backoffMs: number;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private nextRequestId = 1;
  private state: ConnectionState = 'connecting';

  constructor(private readonly options: CoreConnectionOptions) {
    this.socketUrl = buildSocketUrl(options.serverUrl, options.token);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.backoffMs = this.initialBackoffMs;
  }

  /** Current state: `open` only once the core's welcome has been received. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Opens the socket (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.backoffMs = this.initialBackoffMs;
    this.setState('connecting', null);
    this.open();
  }

  /** Closes the socket for good and fails pending requests; subscriptions are kept but silent. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.detach();
    socket?.close(1000, 'renderer stopped');
    this.failPending('closed', 'connection stopped');
  }

  /**
   * Calls a core API method. The result is validated with the contract's schema, so callers get
   * a correctly typed value or a RequestError, never an unchecked payload.
   */
  request<M extends ApiMethodName>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
    if (!this.socket || !this.welcomed) {
      return Promise.reject(new RequestError(`${method}: not connected`, 'not-connected'));
    }
    const id = this.nextRequestId++;
    return new Promise<ApiResult<M>>((resolve, reject) => {
      const timeoutMs = Math.max(this.requestTimeoutMs, SLOW_METHODS[method] ?? 0);
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError(`${method}: no answer within ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (value) => resolve(value as ApiResult<M>),
        reject,
        timer,
      });
      this.send({ type: 'request', id, method, params });
    });
  }

  /**
   * Subscribes `sink` to a camera's video. The slot survives reconnects (the watch is re-sent
   * after each welcome). `accept` names what the tile decodes besides MPEG-1 (the core then may
   * pass the camera's H.264 through). Returns the unsubscribe function, safe to call more than
   * once, which also steers the slot's instant replay (see VideoWatch).
   */
  watch(
    cameraId: string,
    profile: StreamProfile,
    sink: VideoSink,
    accept: readonly PassthroughCodec[] = [],
  ): VideoWatch {
    const subscription = { cameraId, profile, sink, accept: [...accept] };
    const slot = this.router.allocate(subscription);
    if (this.welcomed) this.send(watchMessage(slot, subscription));
    let active = true;
    const unwatch = () => {
      if (!active) return;
      active = false;
      this.router.release(slot);
      if (this.welcomed) this.send({ type: 'unwatch', slot });
    };
    return Object.assign(unwatch, {
      replay: (command: ReplayCommand) => {
        if (active && this.welcomed) this.send({ ...command, slot });
      },
    });
  }

  private open(): void {
    const socket = this.options.createSocket(this.socketUrl);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.welcomed = false;
    this.acks.reset();
    socket.onmessage = (event) => this.handleMessage(event.data);
    socket.onclose = (event) => this.handleClose(socket, event.code);
    // An error is always followed by a close event, which is where reconnection happens.
    socket.onerror = () => undefined;
  }

  private detach(): void {
    const socket = this.socket;
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
    }
    this.socket = null;
    this.welcomed = false;
  }

  private handleClose(socket: SocketLike, code: number): void {
    if (socket !== this.socket) return;
    this.detach();
    this.failPending('closed', `socket closed (${code})`);
    if (!this.running) return;
    this.setState('lost', code);
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) this.open();
    }, delay);
  }

  private handleMessage(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      this.handleFrame(new Uint8Array(data));
      return;
    }
    if (ArrayBuffer.isView(data)) {
      this.handleFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return;
    }
    if (typeof data !== 'string') {
      console.warn('[vigie] ignored socket message of unexpected type', typeof data);
      return;
    }
    const message = parseServerMessage(data);
    if (!message) {
      console.warn('[vigie] ignored invalid message from core', data.slice(0, 200));
      return;
    }
    this.handleServerMessage(message);
  }

  /** A video frame: to its tile, then acknowledged (even for a slot released meanwhile). */
  private handleFrame(frame: Uint8Array): void {
    this.router.dispatch(frame);
    const header = readVideoHeader(frame);
    if (header && this.welcomed) this.acks.note(header.sentAt);
  }

  private handleServerMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.handleWelcome(message);
        return;
      case 'stream-status':
        this.options.handlers.onStreamStatus(message.status);
        return;
      case 'spot':
        this.options.handlers.onSpot?.(message);
        return;
      case 'logbook-draft':
        this.options.handlers.onLogbookDraft?.(message);
        return;
      case 'room-changed':
        this.options.handlers.onRoomChanged?.(message);
        return;
      case 'replay-status':
        this.router.replayStatus(message.status);
        return;
      case 'watch-refused':
        this.router.refuse(message.slot, message.reason);
        return;
      case 'response':
        this.handleResponse(message);
        return;
    }
  }

  private handleWelcome(welcome: WelcomeMessage): void {
    const reconnect = this.router.size > 0;
    this.welcomed = true;
    this.backoffMs = this.initialBackoffMs;
    this.options.handlers.onWelcome(welcome);
    this.setState('open', null);
    if (reconnect) this.router.markAllForReset();
    for (const [slot, subscription] of this.router.entries()) this.send(watchMessage(slot, subscription));
  }

  private handleResponse(message: Extract<ServerMessage, { type: 'response' }>): void {
    const request = this.pending.get(message.id);
    if (!request) {
      console.warn(`[vigie] response to unknown request ${message.id}`);
      return;
    }
    this.pending.delete(message.id);
    clearTimeout(request.timer);
    if (!message.ok) {
      request.reject(new RequestError(`${request.method}: ${message.error.message}`, message.error.code));
      return;
    }
    const parsed = ApiMethods[request.method].result.safeParse(message.result);
    if (!parsed.success) {
      console.warn(`[vigie] invalid result for ${request.method}`, parsed.error.issues);
      request.reject(new RequestError(`${request.method}: invalid result`, 'invalid-result'));
      return;
    }
    request.resolve(parsed.data);
  }

  private send(message: ClientMessage): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) return;
    socket.send(JSON.stringify(message));
  }

  private failPending(code: 'closed', reason: string): void {
    for (const [id, request] of this.pending) {
      clearTimeout(request.timer);
      request.reject(new RequestError(`${request.method}: ${reason}`, code));
      this.pending.delete(id);
    }
  }

  private setState(state: ConnectionState, closeCode: number | null): void {
    if (state === this.state && closeCode === null) return;
    this.state = state;
    this.options.handlers.onStateChange(state, closeCode);
  }
}
