/**
 * The contract's vocabulary: the few schemas every part of it is written with — camera ids,
 * instants, badges, the result envelope and its error codes, and limits both sides check. One
 * place, so a camera id or an error code means the same thing in every method. Re-exported by
 * contract.ts (the one module both sides import).
 */
import { z } from 'zod';

/** A camera's id as the config names it: what the renderer uses instead of URLs. */
export const CameraIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-" only');

/** ISO 8601 instant; the core stores UTC with milliseconds (`2025-03-01T13:05:00.000Z`). */
export const InstantSchema = z.iso.datetime({ offset: true });

/** An operator's badge (matricule): what they type to log in. */
export const BadgeSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, "_" and "-" only');

/**
 * How far in the future an observed time may be (clocks of a room are never quite equal): the
 * entry form refuses beyond it before sending, and the core refuses it on write.
 */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Error codes a logbook method can answer with; each maps to a French sentence in the UI. */
export const LogbookErrorCodeSchema = z.enum([
  /** The logbook database could not be opened (see logbook.integrity for why); video still runs. */
  'unavailable',
  'not-logged-in',
  /** The session locked after inactivity: the same operator re-enters their PIN. */
  'session-locked',
  'forbidden',
  'bad-credentials',
  'too-many-attempts',
  /** operators.bootstrapAdmin once an operator exists. */
  'already-initialized',
  'not-found',
  /** Input refused by the core's rules (unknown category, future time…); `issues` says where. */
  'invalid',
  /** Duplicate badge, entry already amended in a conflicting way… */
  'conflict',
  'no-shift',
  'shift-open',
  'handover-pending',
  'self-acknowledge',
  'too-large',
  'unsupported',
  /** The audit trail cannot record this action right now (full disk…), so it was not done. */
  'audit-unavailable',
  /** A folder's quota is reached (snapshots): nothing was written. */
  'quota-exceeded',
  /** Storage errors: nothing was written, the caller keeps its text and may retry. */
  'disk-full',
  'read-only',
  'locked',
  'io-error',
  'corrupt',
  'internal',
]);
export type LogbookErrorCode = z.infer<typeof LogbookErrorCodeSchema>;

/**
 * What a window needs to word a refusal itself, in French: the core's `message` is English, for
 * the log and IT, and never reaches the screen. `reason` says which case of the code it is
 * (`conflict` / `badge-taken`), `params` the values the sentence quotes (a badge, a countdown).
 */
export const ErrorParamsSchema = z
  .record(z.string().max(64), z.union([z.string().max(500), z.number()]))
  .refine((params) => Object.keys(params).length <= 16, { message: 'at most 16 parameters' });
export type ErrorParams = z.infer<typeof ErrorParamsSchema>;

export const LogbookIssueSchema = z.object({
  /** 1-based line of an imported file, when the issue comes from one. */
  line: z.number().int().positive().optional(),
  field: z.string().optional(),
  message: z.string(),
  /** What is wrong with the field, as a key the window words (`future`, `taken`…). */
  reason: z.string().max(64).optional(),
});
export type LogbookIssue = z.infer<typeof LogbookIssueSchema>;

export const LogbookErrorSchema = z.object({
  code: LogbookErrorCodeSchema,
  /** English, for the log and IT; the window words the refusal from code, reason and params. */
  message: z.string(),
  reason: z.string().max(64).optional(),
  params: ErrorParamsSchema.optional(),
  issues: z.array(LogbookIssueSchema).optional(),
});
export type LogbookError = z.infer<typeof LogbookErrorSchema>;

/** The envelope every API method answers (protocol 3): a value, or a coded refusal. */
export function outcome<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: LogbookErrorSchema }),
  ]);
}
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: LogbookError };
