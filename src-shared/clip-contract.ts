/**
 * Evidence clips' part of the contract: from a tile's replay, a permitted operator (the chef de
 * salle by default, see the core's permission table) cuts a clip between two instants inside the
 * camera's replay buffer. The core transcodes it to MP4 with the privacy masks and a caption
 * (camera, time span, operator) burnt in, writes it under the data dir, and records it in the clip
 * register with its SHA-256 and reason, in the audit trail, and against the main courante entry it
 * documents. Re-exported by contract.ts.
 *
 * Why epoch milliseconds for the in and out points: they are the replay-status's own
 * `pictureAt` / `bufferFrom` / `bufferTo`, so the window never converts what the core sent it.
 */
import { z } from 'zod';
import { CameraIdSchema, outcome } from './primitives';

const id = z.number().int().positive();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');

/** Longest clip a window may ask for, seconds (the buffer holds 120 s by default). */
export const MAX_CLIP_SECONDS = 600;

export const ClipRequestSchema = z
  .object({
    cameraId: CameraIdSchema,
    /** In and out points, epoch ms, inside what the camera's replay buffer holds. */
    from: z.number().nonnegative(),
    to: z.number().nonnegative(),
    /** Why the clip is extracted (requisition, incident): mandatory, as for the register. */
    reason: z.string().trim().min(3).max(500),
    /** The main courante entry (local entry number) the clip documents, if any. */
    entryId: id.nullable().default(null),
    /** The requisition of the extraction register it is handed over under, if any. */
    requisitionId: id.nullable().default(null),
  })
  .refine((clip) => clip.to > clip.from, { message: 'the clip ends before it starts', path: ['to'] })
  .refine((clip) => clip.to - clip.from <= MAX_CLIP_SECONDS * 1000, {
    message: `a clip lasts at most ${MAX_CLIP_SECONDS} s`,
    path: ['to'],
  });
export type ClipRequest = z.input<typeof ClipRequestSchema>;

/** A clip as the register keeps it. */
export const ClipSchema = z.object({
  id,
  createdAt: z.string(),
  workstation: z.string(),
  by: z.object({ id: z.number().int(), badge: z.string(), name: z.string() }),
  cameraId: z.string(),
  cameraName: z.string(),
  /** The span actually cut (ISO instants): from the keyframe at or before `from` to `to`. */
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  entryId: z.number().int().nullable(),
  requisitionId: z.number().int().nullable(),
  fileName: z.string(),
  path: z.string(),
  sha256,
  bytes: z.number().int().nonnegative(),
  /** True when the privacy masks of the camera were burnt in (always, when it has any). */
  masked: z.boolean(),
});
export type Clip = z.infer<typeof ClipSchema>;

/** The clip made, with its bytes for the window to offer a download (at most a few MB). */
export const ClipResultSchema = z.object({
  clip: ClipSchema,
  mime: z.literal('video/mp4'),
  base64: z.string(),
});
export type ClipResult = z.infer<typeof ClipResultSchema>;

/**
 * Stable refusal reasons (the window writes the French sentence): `not-buffered` (the span is no
 * longer, or not yet, in the buffer), `encoder-failed` (ffmpeg could not make the MP4),
 * `disk-full`, `clip-busy` (another clip is being encoded on this core: one at a time keeps the
 * live wall's CPU).
 */
export const ClipRefusalSchema = z.enum(['not-buffered', 'encoder-failed', 'disk-full', 'clip-busy']);

export const ClipApiMethods = {
  'replay.clip': { params: ClipRequestSchema, result: outcome(ClipResultSchema) },
  /** The clip register, newest first; `entryId` narrows it to the clips linked to one entry. */
  'replay.clips': {
    params: z.object({
      entryId: id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    result: outcome(z.array(ClipSchema)),
  },
} as const;
