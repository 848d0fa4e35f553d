import type { WebSocket } from 'ws';
import {
  ApiMethods,
  CloseCodes,
  PROTOCOL_VERSION,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_HEADER_BYTES,
  parseClientMessage,
  writeVideoHeader,
  type ApiMethodName,
  type ApiParams,
  type ApiResult,
  type ServerMessage,
  type SiteProblem,
  type StreamProfile,
  type StreamStatus,
} from '../../../src-shared/contract';
import type { CameraRegistry } from '../cameras/camera-registry';
import { log } from '../log/logger';
import type { SocketViews, ViewRecorder } from '../audit/view-tracker';
import type { RelayService } from '../relay/relay-service';
import type { StreamViewer } from '../relay/relay-stream';
import { WindowFlow, type SlotFlow, type VideoFlowLimits } from './video-flow';

/** Handlers for the typed API; each receives params already validated against the contract. */
export type ApiHandlers = {
  [M in ApiMethodName]: (params: ApiParams<M>) => ApiResult<M> | Promise<ApiResult<M>>;
};

interface Subscription {
  release: () => void;
  flow: SlotFlow;
}

export interface SessionContext {
  cameras: CameraRegistry;
  relay: RelayService;
  api: ApiHandlers;
  siteName: string;
  workstation: string;
  /** Site-wide problems every window shows as a banner (e.g. the demo fleet could not start). */
  problems?: readonly SiteProblem[];
  backpressure: VideoFlowLimits;
  /** The audit trail's record of which camera each slot showed, and for how long. */
  views?: ViewRecorder;
}

/**
 * One renderer window's socket: API requests, stream statuses, and every tile's video
 * multiplexed by slot. Every incoming message is validated against the contract first.
 */
export class ClientSession {
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly unsubscribeStatus: () => void;
  private closed = false;
  private readonly views: SocketViews | null;
  private readonly flow: WindowFlow;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: SessionContext,
  ) {
    this.views = context.views?.socket() ?? null;
    this.flow = new WindowFlow(context.backpressure);
    this.unsubscribeStatus = context.relay.onStatus((status) => this.sendStatus(status));
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        this.protocolError('binary messages are not accepted');
        return;
      }
      this.onText(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'),
      );
    });
    socket.on('close', () => this.dispose());
    socket.on('error', (error) => log.warn(`socket error: ${error.message}`));
    this.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      siteName: context.siteName,
      workstation: context.workstation,
      cameras: context.cameras.summaries(),
      streams: context.relay.list(),
      problems: [...(context.problems ?? [])],
    });
  }

  /** What this window's socket costs the core right now, for diagnostics. */
  stats(): { slots: number; bufferedBytes: number; skippedChunks: number; lagMs: number } {
    return {
      slots: this.subscriptions.size,
      bufferedBytes: this.socket.bufferedAmount,
      skippedChunks: this.flow.skipped,
      lagMs: Math.round(this.flow.lagMs(performance.now())),
    };
  }

  private onText(raw: string): void {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      this.protocolError(parsed.error);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'watch':
        this.watch(message.slot, message.cameraId, message.profile);
        break;
      case 'unwatch':
        this.unwatch(message.slot);
        break;
      case 'ack':
        this.flow.ack(message.sentAt);
        break;
      case 'request':
        void this.request(message.id, message.method, message.params);
        break;
    }
  }

  private watch(slot: number, cameraId: string, profile: StreamProfile): void {
    if (this.subscriptions.has(slot)) {
      this.send({ type: 'watch-refused', slot, reason: 'slot-in-use' });
      return;
    }
    if (!this.context.cameras.has(cameraId)) {
      this.send({ type: 'watch-refused', slot, reason: 'unknown-camera' });
      return;
    }
    const subscription: Subscription = { release: () => undefined, flow: this.flow.slot() };
    const viewer: StreamViewer = { deliver: (data, flags) => this.deliver(slot, subscription, data, flags) };
    this.subscriptions.set(slot, subscription);
    const release = this.context.relay.acquire(cameraId, profile, viewer);
    // Audited: a tile (grid) or a maximised tile (full) starts showing this camera; it ends
    // with the release (unwatch, or the window's socket closing).
    const endView = this.views?.start(slot, cameraId, profile);
    subscription.release = () => {
      release();
      endView?.();
    };
  }

  private unwatch(slot: number): void {
    const subscription = this.subscriptions.get(slot);
    if (!subscription) return;
    this.subscriptions.delete(slot);
    subscription.release();
  }

  private deliver(slot: number, subscription: Subscription, data: Buffer, flags: number): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    const buffered = this.socket.bufferedAmount;
    const now = performance.now();
    const decision = this.flow.decide(subscription.flow, (flags & VIDEO_FLAG_KEYFRAME) !== 0, buffered, now);
    if (decision === 'disconnect') {
      log.warn(`renderer too slow (${buffered} bytes queued): disconnecting it`);
      this.socket.close(CloseCodes.slowConsumer, 'slow consumer');
      this.dispose();
      return;
    }
    if (decision === 'skip') return;
    const frame = Buffer.allocUnsafe(VIDEO_HEADER_BYTES + data.length);
    writeVideoHeader(frame, slot, flags, now);
    data.copy(frame, VIDEO_HEADER_BYTES);
    this.socket.send(frame, { binary: true });
  }

  private async request(id: number, method: ApiMethodName, rawParams: unknown): Promise<void> {
    const spec = ApiMethods[method];
    const params = spec.params.safeParse(rawParams ?? {});
    if (!params.success) {
      this.send({
        type: 'response',
        id,
        ok: false,
        error: { code: 'bad-request', message: params.error.message },
      });
      return;
    }
    try {
      const handler = this.context.api[method] as (p: unknown) => unknown;
      const result = await handler(params.data);
      this.send({ type: 'response', id, ok: true, result });
    } catch (error) {
      log.error(`API ${method} failed: ${(error as Error).stack ?? String(error)}`);
      this.send({ type: 'response', id, ok: false, error: { code: 'internal', message: 'internal error' } });
    }
  }

  private sendStatus(status: StreamStatus): void {
    this.send({ type: 'stream-status', status });
  }

  /** Pushes a message the core initiated (e.g. a spot monitor change) to this window. */
  push(message: ServerMessage): boolean {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return false;
    this.send(message);
    return true;
  }

  private send(message: ServerMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  private protocolError(reason: string): void {
    log.warn(`renderer sent an invalid message: ${reason.slice(0, 300)}`);
    this.socket.close(CloseCodes.protocolError, 'invalid message');
    this.dispose();
  }

  /** Releases every stream this window watched. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeStatus();
    for (const subscription of this.subscriptions.values()) subscription.release();
    this.subscriptions.clear();
  }
}
