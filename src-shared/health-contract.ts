/**
 * Camera health's part of the contract: whether each configured camera answers the core's
 * low-rate RTSP probe (OPTIONS and DESCRIBE, no video), since when and why not, and the
 * per-camera availability per day. Re-exported by contract.ts, which stays the one module both
 * sides import. Reason codes only: the renderer writes the French sentence.
 */
import { z } from 'zod';
import { CameraIdSchema, outcome } from './primitives';

/** `unknown`: not probed yet since the core started (or the camera cannot be probed). */
export const HealthStateSchema = z.enum(['up', 'down', 'unknown']);
export type HealthState = z.infer<typeof HealthStateSchema>;

/**
 * Why a camera is down: `refused` (nothing listens on the port), `timeout` (no answer in time),
 * `unreachable` (no route, unknown host), `closed` (the camera hung up), `credentials` (401/403),
 * `not-found` (404: no such stream), `server-error` (another RTSP status), `invalid-response`
 * (not RTSP, or no SDP), `unavailable` (a demo camera whose simulated fleet did not start).
 */
export const HealthReasonSchema = z.enum([
  'refused',
  'timeout',
  'unreachable',
  'closed',
  'credentials',
  'not-found',
  'server-error',
  'invalid-response',
  'unavailable',
]);
export type HealthReason = z.infer<typeof HealthReasonSchema>;

export const CameraHealthSchema = z.object({
  cameraId: CameraIdSchema,
  number: z.number().int().nonnegative(),
  name: z.string(),
  state: HealthStateSchema,
  /** ISO instant the camera entered this state (the first failed probe, for `down`). */
  since: z.string(),
  reason: HealthReasonSchema.nullable(),
  /** The RTSP status that decided it (401, 404, 503…), when there was one. */
  status: z.number().int().nullable(),
  /** Which stream failed: `main`, or `sub` when only the sub-stream fails. */
  stream: z.enum(['main', 'sub']).nullable(),
  /** ISO instant of the last probe's answer, null before the first. */
  checkedAt: z.string().nullable(),
});
export type CameraHealth = z.infer<typeof CameraHealthSchema>;

export const HealthSummarySchema = z.object({
  total: z.number().int().nonnegative(),
  up: z.number().int().nonnegative(),
  down: z.number().int().nonnegative(),
  unknown: z.number().int().nonnegative(),
  /** Down cameras first (longest down first), then unknown ones; up cameras are only counted. */
  cameras: z.array(CameraHealthSchema),
  /** ISO instant of the summary. */
  at: z.string(),
});
export type HealthSummary = z.infer<typeof HealthSummarySchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** One camera's day: seconds up and down while the core was probing it, and their ratio. */
export const AvailabilityDaySchema = z.object({
  cameraId: CameraIdSchema,
  day,
  upSeconds: z.number().nonnegative(),
  downSeconds: z.number().nonnegative(),
  /** Percent of the known time that the camera was up; null when nothing was known that day. */
  percent: z.number().min(0).max(100).nullable(),
  /** How many times it went down that day. */
  outages: z.number().int().nonnegative(),
});
export type AvailabilityDay = z.infer<typeof AvailabilityDaySchema>;

/** Longest period one availability read or export covers. */
export const MAX_AVAILABILITY_DAYS = 366;

const period = z.object({ from: day, to: day });

export const HealthApiMethods = {
  'health.summary': { params: z.object({}), result: outcome(HealthSummarySchema) },
  /** Per camera and local day, `from` to `to` inclusive. */
  'health.availability': { params: period, result: outcome(z.array(AvailabilityDaySchema)) },
  /** The same as CSV (French spreadsheet: `;`, BOM), written under the data dir. */
  'health.export': {
    params: period,
    result: outcome(
      z.object({
        fileName: z.string(),
        path: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().nonnegative(),
        mime: z.literal('text/csv'),
        base64: z.string(),
        rows: z.number().int().nonnegative(),
      }),
    ),
  },
} as const;
