import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  VIDEO_FLAG_H264,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_HEADER_BYTES,
  type PassthroughCodec,
  gridWallState,
  parseClientMessage,
  writeVideoHeader,
  type ApiMethodName,
  type ServerMessage,
  type StreamProfile,
} from '../../src-shared/contract';
import { contentSecurityPolicy } from '../../src-main/core/server/csp';
import { serveStatic } from '../../src-main/core/server/static-files';
import { WindowFlow, type SlotFlow } from '../../src-main/core/server/video-flow';
import { TS_PACKET } from '../../src-main/core/relay/ts-chunker';
import { cameraSummary, streamStatus } from '../../tests/support/wall-fixtures';
import type { RecordedStream } from './wall-recordings';

/** Tiles per window: one 4×4 wall per monitor, as operators use them. */
export const TILES_PER_WINDOW = 16;
const GRID_SIDE = 4;
const TICK_MS = 4;
/** Magic of the send-time stamp the page probe reads (see wall-probe.ts). */
const STAMP_MAGIC = Buffer.from('VGB1');

export interface ReplayWallOptions {
  /** The built renderer (dist/renderer), served with the core's own CSP. */
  rendererDir: string;
  /** Cameras cam-1 … cam-N, shown 16 per window (display d shows cam-16(d-1)+1 …). */
  cameras: number;
  /** What every camera sends. */
  stream: RecordedStream;
  /**
   * Skip to the next keyframe when a socket's send buffer backs up, as the core's sessions do.
   * Off for the seed stack: node-rtsp-stream sends everything.
   */
  backpressure: boolean;
}

interface Replay {
  slot: number;
  cameraIndex: number;
  /** Index of the next picture to send, and how many loops of the recording were sent. */
  next: number;
  loops: number;
  startAt: number;
  startOffsetMs: number;
  flow: SlotFlow;
}

function cameraId(index: number): string {
  return `cam-${index + 1}`;
}

/**
 * A bench-only server speaking Vigie's socket contract, so the renderer under test is exactly the
 * shipped bundle while the video is pre-recorded: the `wall` suite measures decoding in Chromium
 * apart from any transcode (ffmpeg would otherwise compete for the same two cores).
 *
 * It answers the welcome (N cameras), `wall.state.get` (a 4×4 wall per display) and
 * `wall.state.save`, and on `watch` replays the recording at its real-time pace, one socket
 * message per picture as the relay sends them, starting at a keyframe. Each camera starts at
 * another keyframe and another phase, as independent cameras would. Every picture carries its
 * send time in a trailing TS null packet for the page probe. Static files are served without a
 * token (they are the public bundle, on 127.0.0.1 only); the socket requires it.
 */
export class ReplayWallServer {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly replays = new Map<WebSocket, Map<number, Replay>>();
  /** The core's own flow control per socket (acks and bytes), as Vigie's session applies it. */
  private readonly flows = new Map<WebSocket, WindowFlow>();
  readonly token = randomBytes(24).toString('hex');
  /** Pictures sent and pictures skipped for backpressure since start. */
  sent = 0;
  skipped = 0;
  /** Watches of an H.264 stream that did not announce H.264 (the run is then void). */
  refusedPassthrough = 0;

  constructor(private readonly options: ReplayWallOptions) {}

  get origin(): string {
    const address = this.http?.address() as AddressInfo | null | undefined;
    return `http://127.0.0.1:${address?.port ?? 0}`;
  }

  /** Windows needed for the cameras, 16 tiles each. */
  get windows(): number {
    return Math.ceil(this.options.cameras / TILES_PER_WINDOW);
  }

  /** The page of one display; `stock` selects stock JSMpeg decoding (`?decode=stock`). */
  wallUrl(display: number, stock: boolean, webgl = false): string {
    const baseline = stock ? `&decode=stock${webgl ? '&render=webgl' : ''}` : '';
    // WALL_BENCH_H264_DRAW=drawimage: WebCodecs pictures drawn by the canvas instead of converted.
    const draw = process.env.WALL_BENCH_H264_DRAW;
    const drawPath = this.options.stream.transport === 'h264' && draw ? `&draw=${draw}` : '';
    return `${this.origin}/?token=${this.token}&display=${display}${baseline}${drawPath}`;
  }

  async start(): Promise<void> {
    const http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers = { 'Content-Security-Policy': contentSecurityPolicy(this.origin) };
      void serveStatic(this.options.rendererDir, url.pathname, res, headers).then((served) => {
        if (!served) res.writeHead(404).end();
      });
    });
    this.http = http;
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/ws' || url.searchParams.get('token') !== this.token) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const ws of this.replays.keys()) ws.terminate();
    this.replays.clear();
    this.wss?.close();
    const http = this.http;
    this.http = null;
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  }

  private onSocket(ws: WebSocket): void {
    const replays = new Map<number, Replay>();
    this.replays.set(ws, replays);
    this.flows.set(ws, new WindowFlow());
    ws.on('close', () => {
      this.replays.delete(ws);
      this.flows.delete(ws);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parseClientMessage(Buffer.from(data as Buffer).toString('utf8'));
      if (!parsed.ok) return;
      const message = parsed.message;
      if (message.type === 'watch')
        this.watch(ws, replays, message.slot, message.cameraId, message.profile, message.accept ?? []);
      else if (message.type === 'unwatch') replays.delete(message.slot);
      else if (message.type === 'ack') this.flows.get(ws)?.ack(message.sentAt);
      else if (message.type === 'request') this.answer(ws, message.id, message.method, message.params);
    });
    const cameras = Array.from({ length: this.options.cameras }, (_, i) =>
      cameraSummary(i + 1, `Banc ${i + 1}`, {
        zone: `Mur ${Math.floor(i / TILES_PER_WINDOW) + 1}`,
      }),
    );
    send(ws, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      siteName: 'Banc wall',
      workstation: 'bench',
      cameras,
      streams: [],
      problems: [],
    });
  }

  private answer(ws: WebSocket, id: number, method: ApiMethodName, params: unknown): void {
    const display = Number((params as { display?: unknown } | null)?.display ?? 1);
    if (method === 'wall.state.get') {
      const first = (display - 1) * TILES_PER_WINDOW;
      const tiles = Array.from({ length: TILES_PER_WINDOW }, (_, i) =>
        first + i < this.options.cameras ? cameraId(first + i) : null,
      );
      const state = gridWallState(GRID_SIDE, GRID_SIDE, tiles);
      const value = { display, state, preset: state, saved: false };
      send(ws, { type: 'response', id, ok: true, result: { ok: true, value } });
    } else if (method === 'wall.state.save') {
      send(ws, { type: 'response', id, ok: true, result: { ok: true, value: { savedAt: Date.now() } } });
    } else {
      const error = { code: 'bad-request' as const, message: `${method} is not served by the bench` };
      send(ws, { type: 'response', id, ok: false, error });
    }
  }

  private watch(
    ws: WebSocket,
    replays: Map<number, Replay>,
    slot: number,
    camera: string,
    profile: StreamProfile,
    accept: readonly PassthroughCodec[],
  ): void {
    if (this.options.stream.transport === 'h264' && !accept.includes('h264')) {
      // The page cannot take passthrough: measuring it on MPEG-1 would be a lie, so nothing is sent.
      this.refusedPassthrough += 1;
      send(ws, { type: 'watch-refused', slot, reason: 'unknown-camera' });
      return;
    }
    const cameraIndex = Number(camera.replace('cam-', '')) - 1;
    if (replays.has(slot) || !(cameraIndex >= 0 && cameraIndex < this.options.cameras)) {
      send(ws, { type: 'watch-refused', slot, reason: replays.has(slot) ? 'slot-in-use' : 'unknown-camera' });
      return;
    }
    const { stream } = this.options;
    const keyframes = stream.keyframes;
    const start = keyframes[(cameraIndex * 5) % keyframes.length] ?? 0;
    const frameMs = 1000 / stream.fps;
    replays.set(slot, {
      slot,
      cameraIndex,
      next: start,
      loops: 0,
      // Independent cameras: a phase within one frame interval, spread over the cameras.
      startAt: performance.now() + ((cameraIndex * 37) % Math.max(1, Math.round(frameMs))),
      startOffsetMs: stream.pictures[start]?.atMs ?? 0,
      flow: { waitingForKeyframe: false, lastSentAt: Number.NEGATIVE_INFINITY },
    });
    const status = streamStatus(camera, {
      profile,
      fps: stream.fps,
      kbps: stream.kbps,
      liveSince: Date.now(),
    });
    send(ws, { type: 'stream-status', status });
  }

  private tick(): void {
    const { stream, backpressure } = this.options;
    const now = performance.now();
    for (const [ws, replays] of this.replays) {
      if (ws.readyState !== ws.OPEN) continue;
      for (const replay of replays.values()) {
        for (;;) {
          const picture = stream.pictures[replay.next];
          if (!picture) break;
          const due = replay.startAt + replay.loops * stream.loopMs + picture.atMs - replay.startOffsetMs;
          if (due > now) break;
          if (now - due > 1000) {
            // The event loop stalled: resume the clock rather than bursting a second of video.
            replay.startAt += now - due;
          }
          this.deliver(ws, replay, picture, backpressure);
          replay.next += 1;
          if (replay.next >= stream.pictures.length) {
            replay.next = 0;
            replay.loops += 1;
          }
        }
      }
    }
  }

  private deliver(
    ws: WebSocket,
    replay: Replay,
    picture: { data: Buffer; keyframe: boolean },
    backpressure: boolean,
  ): void {
    const now = performance.now();
    const flow = this.flows.get(ws);
    if (backpressure && flow) {
      const decision = flow.decide(replay.flow, picture.keyframe, ws.bufferedAmount, now);
      if (decision !== 'send') {
        // The bench never disconnects a slow page: it measures how far behind the page falls.
        this.skipped += 1;
        return;
      }
    }
    const flags = picture.keyframe ? VIDEO_FLAG_KEYFRAME : 0;
    if (this.options.stream.transport === 'h264') {
      // One access unit per message, as the relay's passthrough sends it. No TS stamp can ride
      // along: the probe times it from the header's send time (see wall-probe.ts).
      const unit = Buffer.allocUnsafe(VIDEO_HEADER_BYTES + picture.data.length);
      writeVideoHeader(unit, replay.slot, flags | VIDEO_FLAG_H264, now);
      picture.data.copy(unit, VIDEO_HEADER_BYTES);
      ws.send(unit, { binary: true });
      this.sent += 1;
      return;
    }
    const frame = Buffer.allocUnsafe(VIDEO_HEADER_BYTES + picture.data.length + TS_PACKET);
    writeVideoHeader(frame, replay.slot, flags, now);
    picture.data.copy(frame, VIDEO_HEADER_BYTES);
    const stamp = frame.subarray(VIDEO_HEADER_BYTES + picture.data.length);
    // A TS null packet (PID 0x1FFF): demuxers drop it; the probe reads the send time from it.
    stamp.fill(0xff);
    stamp[0] = 0x47;
    stamp[1] = 0x1f;
    stamp[2] = 0xff;
    stamp[3] = 0x10;
    STAMP_MAGIC.copy(stamp, 4);
    stamp.writeDoubleLE(performance.timeOrigin + performance.now(), 8);
    ws.send(frame, { binary: true });
    this.sent += 1;
  }
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}
