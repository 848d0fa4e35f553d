/**
 * Instant replay's part of the socket contract: a window asks the core to rewind one of its tiles
 * (a slot it already watches) and steers the replay; the core sends the replayed pictures on the
 * same slot, in the same binary frames as live with VIDEO_FLAG_REPLAY set, and a `replay-status`
 * with the picture's own time so the tile can never pass for live. Re-exported by contract.ts.
 */
import { z } from 'zod';
import { CameraIdSchema } from './primitives';

const slot = z.number().int().min(0).max(0xffff);

/** Set on every binary frame of a replay: the picture is from the past, not live. */
export const VIDEO_FLAG_REPLAY = 0x08;

/** Furthest back a window may ask for, seconds; the core's buffer may keep less (config `replay.seconds`). */
export const MAX_REPLAY_SECONDS = 3600;

/** Replay speeds a window may ask for. */
export const ReplaySpeedSchema = z.union([z.literal(1), z.literal(2)]);
export type ReplaySpeed = z.infer<typeof ReplaySpeedSchema>;

/** What a window sends to steer the replay of one of its slots. */
export const ReplayClientMessageSchemas = [
  /** Rewinds the slot (which must be watching `cameraId`) by `secondsBack`, from the last keyframe at or before. */
  z.object({
    type: z.literal('replay-start'),
    slot,
    cameraId: CameraIdSchema,
    secondsBack: z.number().int().min(1).max(MAX_REPLAY_SECONDS),
  }),
  z.object({ type: z.literal('replay-pause'), slot, paused: z.boolean() }),
  z.object({ type: z.literal('replay-speed'), slot, speed: ReplaySpeedSchema }),
  /** Moves the replay to a wall-clock time (epoch ms) inside the buffer (the scrub bar). */
  z.object({ type: z.literal('replay-seek'), slot, at: z.number().nonnegative() }),
  /** Back to live on this slot. */
  z.object({ type: z.literal('replay-live'), slot }),
] as const;

/**
 * Where a slot's replay is. `starting` until the first replayed picture leaves, `playing`,
 * `paused`, then `live` once the slot is back on the live stream (asked for, or the replay caught
 * up with live), or `refused` with a reason (nothing buffered, the slot watches another camera).
 */
export const ReplayStateSchema = z.enum(['starting', 'playing', 'paused', 'live', 'refused']);
export type ReplayState = z.infer<typeof ReplayStateSchema>;

export const ReplayRefusalSchema = z.enum(['not-watching', 'no-buffer', 'unavailable']);
export type ReplayRefusal = z.infer<typeof ReplayRefusalSchema>;

export const ReplayStatusSchema = z.object({
  slot,
  cameraId: CameraIdSchema,
  state: ReplayStateSchema,
  reason: ReplayRefusalSchema.nullable(),
  /** Wall-clock time (epoch ms) at which the camera sent the picture being replayed now. */
  pictureAt: z.number().nullable(),
  speed: ReplaySpeedSchema,
  /** What the buffer holds now (epoch ms), for the scrub bar; null when nothing. */
  bufferFrom: z.number().nullable(),
  bufferTo: z.number().nullable(),
});
export type ReplayStatus = z.infer<typeof ReplayStatusSchema>;

export const ReplayStatusMessageSchema = z.object({
  type: z.literal('replay-status'),
  status: ReplayStatusSchema,
});
export type ReplayStatusMessage = z.infer<typeof ReplayStatusMessageSchema>;
