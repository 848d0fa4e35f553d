/** The player's demuxer as seen by a source. */
export interface MuxDestination {
  write(data: ArrayBuffer): void;
}

/** Options the JSMpeg Player passes to `new options.source(url, options)` that we use. */
export interface MuxSourceOptions {
  onSourceEstablished?: (source: MuxSource) => void;
  hookOnEstablished?: () => void;
}

/**
 * Bytes kept while the player is not started yet (the WebAssembly decoder compiles
 * asynchronously on first use). About two seconds of a grid stream; beyond that the oldest chunks
 * go, and the decoder resynchronises on the next sequence header.
 */
export const MAX_QUEUED_BYTES = 2 * 1024 * 1024;

/**
 * A JSMpeg source fed by the window's shared socket instead of opening its own.
 *
 * JSMpeg's built-in WSSource would open one socket per tile; Vigie multiplexes every tile on one
 * socket, so the connection pushes each slot's MPEG-TS payload here. Until the player calls
 * `start()` (it waits for its WebAssembly decoder), chunks are queued: writing into an
 * uninitialised WASM decoder throws.
 */
export class MuxSource {
  streaming = true;
  established = false;
  completed = false;
  progress = 0;
  private destination: MuxDestination | null = null;
  private started = false;
  private destroyed = false;
  private queue: ArrayBuffer[] = [];
  private queuedBytes = 0;
  private readonly options: MuxSourceOptions;

  constructor(_url: string, options: MuxSourceOptions = {}) {
    this.options = options;
  }

  connect(destination: MuxDestination): void {
    this.destination = destination;
  }

  start(): void {
    if (this.destroyed) return;
    this.started = true;
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const chunk of queued) this.deliver(chunk);
  }

  /** Live streams have no read-ahead to resume. */
  resume(): void {}

  destroy(): void {
    this.destroyed = true;
    this.destination = null;
    this.queue = [];
    this.queuedBytes = 0;
  }

  /** Bytes waiting for `start()`. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** Feeds one MPEG-TS payload (header already stripped). */
  push(chunk: ArrayBuffer): void {
    if (this.destroyed || chunk.byteLength === 0) return;
    if (!this.started || !this.destination) {
      this.enqueue(chunk);
      return;
    }
    this.deliver(chunk);
  }

  private enqueue(chunk: ArrayBuffer): void {
    this.queue.push(chunk);
    this.queuedBytes += chunk.byteLength;
    while (this.queuedBytes > MAX_QUEUED_BYTES && this.queue.length > 1) {
      const dropped = this.queue.shift();
      this.queuedBytes -= dropped?.byteLength ?? 0;
    }
  }

  private deliver(chunk: ArrayBuffer): void {
    const destination = this.destination;
    if (!destination) return;
    if (!this.established) {
      this.established = true;
      this.progress = 1;
      this.options.hookOnEstablished?.();
      this.options.onSourceEstablished?.(this);
    }
    destination.write(chunk);
  }
}
