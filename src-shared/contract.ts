/**
 * The one contract between the core (main process or browser host) and the renderer.
 *
 * Everything that crosses the local server's socket or the Electron preload is declared here,
 * once, as a zod schema plus its inferred type. Both sides validate what they receive with these
 * schemas, so a renderer bug, a stale bundle or a hostile page can never push an unchecked payload
 * into the core. Lint forbids any other import across the process boundary.
 */
import { z } from 'zod';
import { CameraIdSchema, outcome } from './primitives';
import { ClipApiMethods } from './clip-contract';
import { ComplianceApiMethods } from './compliance-contract';
import { HealthApiMethods } from './health-contract';
import { LogbookApiMethods, LogbookDraftMessageSchema } from './logbook-contract';
import { ReplayClientMessageSchemas, ReplayStatusMessageSchema } from './replay-contract';
import { RoomApiMethods } from './room-contract';
import { RoomChangedMessageSchema, RoomViewsApiMethods } from './room-api-contract';
import { SpotMessageSchema, WallApiMethods } from './wall-contract';

export * from './clip-contract';
export * from './compliance-contract';
export * from './health-contract';
export * from './logbook-contract';
export * from './replay-contract';
export * from './room-contract';
export * from './room-api-contract';
export * from './room-views-contract';
export * from './wall-contract';

/** Bumped when a message changes shape, so a stale renderer is refused with a clear reason. */
export const PROTOCOL_VERSION = 4;

const cameraId = CameraIdSchema;

export { CameraIdSchema };
export const CameraKindSchema = z.enum(['security', 'traffic']);
export type CameraKind = z.infer<typeof CameraKindSchema>;

/**
 * What the renderer may know of a camera. URLs and credentials stay in the core: the renderer
 * only ever names cameras by id.
 */
export const CameraSummarySchema = z.object({
  id: cameraId,
  number: z.number().int().nonnegative(),
  name: z.string(),
  commune: z.string(),
  zone: z.string(),
  kind: CameraKindSchema,
  hasSubStream: z.boolean(),
  demo: z.boolean(),
});
export type CameraSummary = z.infer<typeof CameraSummarySchema>;

/** `grid` is the small, cheap tile stream; `full` the maximised one. */
export const StreamProfileSchema = z.enum(['grid', 'full']);
export type StreamProfile = z.infer<typeof StreamProfileSchema>;

/**
 * How a stream's pictures travel: `mpeg1`, transcoded by the core for JSMpeg (the client's design
 * and the default), or `h264`, the camera's own access units relayed untouched for WebCodecs.
 */
export const VideoTransportSchema = z.enum(['mpeg1', 'h264']);
export type VideoTransport = z.infer<typeof VideoTransportSchema>;
/** Codecs a window can decode beyond MPEG-1, announced in each watch. */
export const PassthroughCodecSchema = z.enum(['h264']);
export type PassthroughCodec = z.infer<typeof PassthroughCodecSchema>;

export const StreamStateSchema = z.enum(['idle', 'starting', 'live', 'stalled', 'reconnecting']);
export type StreamState = z.infer<typeof StreamStateSchema>;

/**
 * Why a stream is not live. Each maps to a French sentence in the renderer's i18n table, so
 * operators read a reason, not an ffmpeg message.
 */
export const StreamReasonSchema = z.enum([
  'unreachable',
  'credentials',
  'not-found',
  'unsupported',
  'ended',
  'stalled',
  'crashed',
  /** A demo camera whose simulated fleet could not start (the site problem says why). */
  'demo-unavailable',
  'unknown',
]);
export type StreamReason = z.infer<typeof StreamReasonSchema>;

/**
 * Something wrong with the whole site rather than one stream, shown as a banner on every window
 * until it is fixed. Codes and parameters only: the renderer writes the sentence in French.
 */
export const SiteProblemSchema = z.discriminatedUnion('code', [
  /** The demo fleet's GStreamer lacks elements; each list names what to install. */
  z.object({
    code: z.literal('demo-missing-elements'),
    elements: z.array(z.string().max(64)).max(32),
    plugins: z.array(z.string().max(64)).max(32),
    packages: z.array(z.string().max(64)).max(32),
  }),
  /** The demo fleet failed for another reason (no Python, no RTSP server); detail is for IT. */
  z.object({ code: z.literal('demo-unavailable'), detail: z.string().max(2000) }),
]);
export type SiteProblem = z.infer<typeof SiteProblemSchema>;

export const StreamStatusSchema = z.object({
  cameraId: cameraId,
  profile: StreamProfileSchema,
  state: StreamStateSchema,
  reason: StreamReasonSchema.nullable(),
  /** Last diagnostic line from ffmpeg, credentials redacted. */
  detail: z.string().nullable(),
  /** Epoch ms of the next start attempt while reconnecting. */
  nextAttemptAt: z.number().nullable(),
  restarts: z.number().int().nonnegative(),
  viewers: z.number().int().nonnegative(),
  fps: z.number().nonnegative(),
  kbps: z.number().nonnegative(),
  /** Epoch ms when the current process started delivering video, null when not live. */
  liveSince: z.number().nullable(),
  /** How far behind the camera's own timeline the relay produces pictures now, ms. */
  sourceLagMs: z.number().nonnegative().default(0),
  pid: z.number().int().nullable(),
  /** Whether this stream is transcoded (MPEG-1) or the camera's own H.264 passed through. */
  transport: VideoTransportSchema.default('mpeg1'),
});
export type StreamStatus = z.infer<typeof StreamStatusSchema>;

export const MAX_GRID_SIDE = 8;

/** A display's tile grid: `tiles` is row-major, one camera id (or null for an empty tile) per cell. */
export const LayoutSchema = z
  .object({
    columns: z.number().int().min(1).max(MAX_GRID_SIDE),
    rows: z.number().int().min(1).max(MAX_GRID_SIDE),
    tiles: z.array(cameraId.nullable()),
  })
  .refine((layout) => layout.tiles.length <= layout.columns * layout.rows, {
    message: 'more tiles than cells in the grid',
    path: ['tiles'],
  });
export type Layout = z.infer<typeof LayoutSchema>;

export const DisplayWallSchema = z.object({
  display: z.number().int().min(1),
  layout: LayoutSchema,
});
export type DisplayWall = z.infer<typeof DisplayWallSchema>;

/**
 * Typed request/response methods. Each entry's params are validated by the core before the
 * handler runs, and each result by the renderer before it is used. Every method answers the
 * same envelope, `{ ok: true, value } | { ok: false, error: { code, message } }` (protocol 3):
 * a refusal is an answer, not a failed request, so a window has one error path whatever it asks.
 */
export const ApiMethods = {
  'wall.get': {
    params: z.object({ display: z.number().int().min(1).max(16) }),
    result: outcome(DisplayWallSchema),
  },
  'streams.list': {
    params: z.object({}),
    result: outcome(z.array(StreamStatusSchema)),
  },
  ...LogbookApiMethods,
  ...WallApiMethods,
  ...ComplianceApiMethods,
  ...ClipApiMethods,
  ...HealthApiMethods,
  ...RoomApiMethods,
  ...RoomViewsApiMethods,
} as const;
export type ApiMethodName = keyof typeof ApiMethods;
export type ApiParams<M extends ApiMethodName> = z.infer<(typeof ApiMethods)[M]['params']>;
export type ApiResult<M extends ApiMethodName> = z.infer<(typeof ApiMethods)[M]['result']>;

const apiMethodName = z.enum(Object.keys(ApiMethods) as [ApiMethodName, ...ApiMethodName[]]);

/** Highest slot number a renderer may use to tag a subscription on its socket. */
export const MAX_SLOT = 0xffff;
const slot = z.number().int().min(0).max(MAX_SLOT);

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('watch'),
    slot,
    cameraId,
    profile: StreamProfileSchema,
    /**
     * What the window decodes besides MPEG-1 (probed with WebCodecs). Empty or absent: MPEG-1
     * only, as a window that lost its decoder re-watches to fall back.
     */
    accept: z.array(PassthroughCodecSchema).max(4).optional(),
  }),
  z.object({ type: z.literal('unwatch'), slot }),
  /**
   * The window has handled every video frame up to the one stamped `sentAt` (the header's send
   * time, echoed as is): the core's measure of how far behind the window is (see video-flow.ts).
   */
  z.object({ type: z.literal('ack'), sentAt: z.number().nonnegative() }),
  ...ReplayClientMessageSchemas,
  z.object({
    type: z.literal('request'),
    id: z.number().int().nonnegative(),
    method: apiMethodName,
    params: z.unknown(),
  }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ApiErrorCodeSchema = z.enum(['bad-request', 'not-found', 'internal']);

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocol: z.literal(PROTOCOL_VERSION),
    siteName: z.string(),
    workstation: z.string(),
    cameras: z.array(CameraSummarySchema),
    streams: z.array(StreamStatusSchema),
    problems: z.array(SiteProblemSchema).max(16).default([]),
  }),
  z.object({ type: z.literal('stream-status'), status: StreamStatusSchema }),
  SpotMessageSchema,
  LogbookDraftMessageSchema,
  RoomChangedMessageSchema,
  ReplayStatusMessageSchema,
  z.object({
    type: z.literal('watch-refused'),
    slot,
    reason: z.enum(['unknown-camera', 'slot-in-use']),
  }),
  z.discriminatedUnion('ok', [
    z.object({
      type: z.literal('response'),
      id: z.number().int().nonnegative(),
      ok: z.literal(true),
      result: z.unknown(),
    }),
    z.object({
      type: z.literal('response'),
      id: z.number().int().nonnegative(),
      ok: z.literal(false),
      error: z.object({ code: ApiErrorCodeSchema, message: z.string() }),
    }),
  ]),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/**
 * Binary frames on the socket carry video for one slot: a 16-byte header then MPEG-TS packets
 * (MPEG-1), or one H.264 access unit when the header's flags say VIDEO_FLAG_H264.
 * One socket per window multiplexes every tile, so a 64-tile wall costs one connection, and the
 * core can apply backpressure per slot.
 *
 * Header: kind (u8), slot (u16 BE), flags (u8), then the core's send time (f64 LE, ms on the
 * core's monotonic clock). The send time is what lets a tile bound its true delay: on a loaded
 * machine a message can wait hundreds of milliseconds in the page's queue before its handler
 * runs, and a delay measured from the handler would never see it. The clock is monotonic so a
 * wall-clock step (NTP) cannot make every picture look late; the renderer learns the offset
 * between the two clocks (see send-clock.ts).
 *
 * Then the source lag (u32 LE, ms): how far behind the camera's own timeline the core produced
 * this picture (relay/source-lag.ts). The send time cannot show a core or an ffmpeg that falls
 * behind the camera, since every frame leaves the instant it is made; the tile adds the two, so
 * its delay is camera → screen.
 */
export const VIDEO_FRAME_KIND = 0x01;
export const VIDEO_HEADER_BYTES = 16;
/** Largest source lag a header carries (≈ 49 days in ms; anything beyond reads as this). */
const MAX_SOURCE_LAG_MS = 0xffff_ffff;
/** Set on the first chunk of a keyframe (and on the cached GOP sent to a new viewer). */
export const VIDEO_FLAG_KEYFRAME = 0x01;
/** Set when the stream restarted: the renderer resets its decoder before using the data. */
export const VIDEO_FLAG_RESET = 0x02;
/**
 * Set when the payload is one H.264 access unit (Annex B, parameter sets in front of each
 * keyframe) passed through from the camera, instead of MPEG-TS packets of MPEG-1.
 */
export const VIDEO_FLAG_H264 = 0x04;

/** Writes the video frame header into the first VIDEO_HEADER_BYTES bytes of `target`. */
export function writeVideoHeader(
  target: Uint8Array,
  slotNumber: number,
  flags: number,
  sentAt: number,
  sourceLagMs = 0,
): void {
  target[0] = VIDEO_FRAME_KIND;
  target[1] = (slotNumber >> 8) & 0xff;
  target[2] = slotNumber & 0xff;
  target[3] = flags & 0xff;
  const view = new DataView(target.buffer, target.byteOffset + 4, 12);
  view.setFloat64(0, sentAt, true);
  view.setUint32(8, Math.min(MAX_SOURCE_LAG_MS, Math.max(0, Math.round(sourceLagMs))), true);
}

export interface VideoFrameHeader {
  slot: number;
  flags: number;
  /** The core's send time, ms on its monotonic clock (not comparable to the page's clock as is). */
  sentAt: number;
  /** How far behind the camera the core produced the picture, ms. */
  sourceLagMs: number;
}

/** Reads a video frame header; null for anything that is not a well-formed video frame. */
export function readVideoHeader(frame: Uint8Array): VideoFrameHeader | null {
  if (frame.length < VIDEO_HEADER_BYTES || frame[0] !== VIDEO_FRAME_KIND) return null;
  const view = new DataView(frame.buffer, frame.byteOffset + 4, 12);
  const sentAt = view.getFloat64(0, true);
  if (!Number.isFinite(sentAt)) return null;
  const sourceLagMs = view.getUint32(8, true);
  return { slot: ((frame[1] ?? 0) << 8) | (frame[2] ?? 0), flags: frame[3] ?? 0, sentAt, sourceLagMs };
}

/** What the Electron preload hands the renderer: where the core is, and nothing else. */
export const BridgeConnectionSchema = z.object({
  serverUrl: z.url(),
  token: z.string().min(16),
  display: z.number().int().min(1),
});
export type BridgeConnection = z.infer<typeof BridgeConnectionSchema>;

/** Window controls the preload exposes; each is an IPC message validated by the shell. */
export const WindowCommandSchema = z.enum([
  'toggle-fullscreen',
  'reload',
  'open-main-courante',
  'open-admin',
]);
export type WindowCommand = z.infer<typeof WindowCommandSchema>;

/** The preload's API on `window.vigie`, typed for the renderer. */
export interface VigieBridge {
  getConnection(): Promise<BridgeConnection>;
  windowCommand(command: WindowCommand): void;
}

/** IPC channel names, shared by the shell and its preload. */
export const IpcChannels = {
  getConnection: 'vigie:get-connection',
  windowCommand: 'vigie:window-command',
} as const;

/** Socket close codes the core uses, so the renderer can tell the operator why. */
export const CloseCodes = {
  slowConsumer: 4008,
  protocolError: 4002,
  shuttingDown: 4001,
} as const;

/** Reads a message from the socket; returns the issues as a readable string when invalid. */
export function parseClientMessage(
  raw: string,
): { ok: true; message: ClientMessage } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const parsed = ClientMessageSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
  return { ok: true, message: parsed.data };
}

/** Parses a message from the core, on the renderer side. */
export function parseServerMessage(raw: string): ServerMessage | null {
  try {
    const parsed = ServerMessageSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
