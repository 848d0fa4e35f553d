import type { WebSocket } from 'ws';
import {
  ApiMethods,
  CloseCodes,
  PROTOCOL_VERSION,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  VIDEO_HEADER_BYTES,
  parseClientMessage,
  writeVideoHeader,
  type ApiMethodName,
  type PassthroughCodec,
  type ServerMessage,
  type SiteProblem,
  type StreamProfile,
  type StreamStatus,
} from '../../../src-shared/contract';
import type { ApiHandlers } from '../api/api-handlers';
import { inWindow } from '../api/request-scope';
import type { CameraRegistry } from '../cameras/camera-registry';
import { log } from '../log/logger';
import type { SocketViews, ViewRecorder } from '../audit/view-tracker';
import type { RelayService } from '../relay/relay-service';
import type { ReplayControl } from '../replay/replay-service';
import type { StreamViewer } from '../relay/relay-stream';
import { MESSAGE_TOO_BIG, checkMessageShape } from './message-limits';
import { ServiceError } from '../api/service-result';
import { SlotReplays } from './slot-replays';
import { WindowFlow, type SlotFlow, type VideoFlowLimits } from './video-flow';

interface Subscription {
  release: () => void;
  flow: SlotFlow;
  cameraId: string;
  profile: StreamProfile;
  /** Leaves the live stream (not the view); replaced when the slot comes back from a replay. */
  leaveLive: () => void;
  /** While the slot replays, its live video is dropped here. */
  muted: boolean;
  /** Joins the live stream again, its first chunk flagged RESET (back from a replay). */
  rejoinLive: () => void;
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
  /** The window's socket closed: what the window opened for itself (its own session) ends. */
  windowClosed?: (window: number) => void;
  /** Instant replay of the cameras' buffered minutes on a slot; absent: replay is refused. */
  replay?: ReplayControl;
}

/** Numbers each window's socket, for the requests' scope (api/request-scope.ts). */
let nextWindow = 1;

/**
 * One renderer window's socket: API requests, stream statuses, and every tile's video
 * multiplexed by slot. Every incoming message is validated against the contract first, after its
 * size (by `ws`, see local-server.ts) and its shape (message-limits.ts) were checked.
 *
 * Everything the core sends, JSON as well as video, obeys the same bound on bytes waiting in `ws`
 * (`backpressure.disconnectBytes`, 16 MiB): a window that stops reading is closed with
 * CloseCodes.slowConsumer instead of making the core buffer replies without limit (one client
 * asking again and again for a large wall state without reading grew the heap to 2.6 GB).
 */
export class ClientSession {
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly unsubscribeStatus: () => void;
  private closed = false;
  private readonly views: SocketViews | null;
  private readonly flow: WindowFlow;
  private readonly replays: SlotReplays;
  /** This window's number: every request it makes runs in its scope. */
  private readonly window = nextWindow++;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: SessionContext,
  ) {
    this.views = context.views?.socket() ?? null;
    this.flow = new WindowFlow(context.backpressure);
    this.replays = new SlotReplays(
      {
        watched: (slot) => {
          const subscription = this.subscriptions.get(slot);
          return subscription ? { cameraId: subscription.cameraId, profile: subscription.profile } : null;
        },
        setLive: (slot, live) => this.setLive(slot, live),
        deliver: (slot, data, flags) => {
          const subscription = this.subscriptions.get(slot);
          if (subscription) this.deliver(slot, subscription, data, flags, 0);
        },
        send: (message) => this.send(message),
      },
      context.replay ?? null,
      this.views,
    );
    this.unsubscribeStatus = context.relay.onStatus((status) => this.sendStatus(status));
    socket.on('message', (data, isBinary) => {
      // A closed window's remaining messages (a flood sent before it was cut off) cost nothing.
      if (this.closed) return;
      if (isBinary) {
        this.protocolError('binary messages are not accepted');
        return;
      }
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      const shape = checkMessageShape(bytes);
      if (!shape.ok) {
        this.refuseMessage(shape.reason);
        return;
      }
      this.onText(bytes.toString('utf8'));
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
        this.watch(message.slot, message.cameraId, message.profile, message.accept ?? []);
        break;
      case 'unwatch':
        this.unwatch(message.slot);
        break;
      case 'ack':
        this.flow.ack(message.sentAt);
        break;
      case 'replay-start':
      case 'replay-pause':
      case 'replay-speed':
      case 'replay-seek':
      case 'replay-live':
        this.replays.handle(message);
        break;
      case 'request':
        void this.request(message.id, message.method, message.params);
        break;
    }
  }

  private watch(
    slot: number,
    cameraId: string,
    profile: StreamProfile,
    accept: readonly PassthroughCodec[],
  ): void {
    if (this.subscriptions.has(slot)) {
      this.send({ type: 'watch-refused', slot, reason: 'slot-in-use' });
      return;
    }
    if (!this.context.cameras.has(cameraId)) {
      this.send({ type: 'watch-refused', slot, reason: 'unknown-camera' });
      return;
    }
    const subscription: Subscription = {
      release: () => undefined,
      flow: this.flow.slot(),
      cameraId,
      profile,
      leaveLive: () => undefined,
      muted: false,
      rejoinLive: () => undefined,
    };
    const viewer: StreamViewer = {
      deliver: (data, flags, lag) => {
        if (!subscription.muted) this.deliver(slot, subscription, data, flags, lag);
      },
    };
    this.subscriptions.set(slot, subscription);
    subscription.leaveLive = this.context.relay.acquire(cameraId, profile, viewer, accept);
    subscription.rejoinLive = () => {
      subscription.leaveLive();
      subscription.leaveLive = this.context.relay.acquire(
        cameraId,
        profile,
        viewer,
        accept,
        VIDEO_FLAG_RESET,
      );
    };
    // Audited: a tile (grid) or a maximised tile (full) starts showing this camera; it ends
    // with the release (unwatch, or the window's socket closing).
    const endView = this.views?.start(slot, cameraId, profile);
    subscription.release = () => {
      subscription.leaveLive();
      endView?.();
    };
  }

  private unwatch(slot: number): void {
    const subscription = this.subscriptions.get(slot);
    if (!subscription) return;
    this.replays.drop(slot, 'unwatch');
    this.subscriptions.delete(slot);
    subscription.release();
  }

  /**
   * A replay takes the slot (live muted; the live stream keeps running so the camera source and
   * its buffer stay open) or gives it back (live joined again from its cached keyframe, RESET).
   */
  private setLive(slot: number, live: boolean): void {
    const subscription = this.subscriptions.get(slot);
    if (!subscription) return;
    if (!live) {
      subscription.muted = true;
      return;
    }
    subscription.muted = false;
    subscription.flow.waitingForKeyframe = false;
    subscription.rejoinLive();
  }

  private deliver(
    slot: number,
    subscription: Subscription,
    data: Buffer,
    flags: number,
    sourceLagMs: number,
  ): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    const buffered = this.socket.bufferedAmount;
    const now = performance.now();
    const decision = this.flow.decide(subscription.flow, (flags & VIDEO_FLAG_KEYFRAME) !== 0, buffered, now);
    if (decision === 'disconnect') {
      this.disconnectSlow(buffered);
      return;
    }
    if (decision === 'skip') return;
    const frame = Buffer.allocUnsafe(VIDEO_HEADER_BYTES + data.length);
    writeVideoHeader(frame, slot, flags, now, sourceLagMs);
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
      const result = await inWindow(this.window, () => handler(params.data));
      this.send({ type: 'response', id, ok: true, result });
    } catch (error) {
      if (error instanceof ServiceError) {
        // A plain method's refusal: the socket's codes are fewer than the services'.
        const code = error.code === 'not-found' ? 'not-found' : 'bad-request';
        log.warn(`API ${method} refused (${error.code}): ${error.message}`);
        this.send({ type: 'response', id, ok: false, error: { code, message: error.message } });
        return;
      }
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

  /**
   * Sends JSON under the same bound as video: a window holding more than `disconnectBytes` unread
   * is not reading at all, and is closed rather than sent more. What the core holds for one
   * window is thus at most that bound plus one message.
   */
  private send(message: ServerMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.context.backpressure.disconnectBytes) {
      this.disconnectSlow(buffered);
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  /**
   * Closes a window that does not read. The close frame waits behind what is queued, so a window
   * that never reads again does not see it; `ws` drops the connection 30 s later at most.
   */
  private disconnectSlow(buffered: number): void {
    log.warn(`renderer too slow (${buffered} bytes queued): disconnecting it`);
    this.socket.close(CloseCodes.slowConsumer, 'slow consumer');
    this.dispose();
  }

  /** A message too deeply nested or with too many values: refused before `JSON.parse` sees it. */
  private refuseMessage(reason: string): void {
    log.warn(`renderer sent a message refused before parsing: ${reason}`);
    this.socket.close(MESSAGE_TOO_BIG, 'message too big');
    this.dispose();
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
    this.replays.dropAll('window closed');
    for (const subscription of this.subscriptions.values()) subscription.release();
    this.subscriptions.clear();
    this.context.windowClosed?.(this.window);
  }
}
