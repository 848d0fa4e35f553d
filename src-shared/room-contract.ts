/**
 * The room's part of the contract: what a window learns about this seat's link to the room's
 * shared PostgreSQL main courante (docs/room.md). Re-exported by contract.ts.
 *
 * Plain status only, never a password or a connection string with one: the chef de salle must see
 * that the seat is cut off, behind, or diverging, and IT reads the English reason in the logs.
 */
import { z } from 'zod';
import { outcome } from './primitives';

export const RoomReplicationStateSchema = z.enum([
  'stopped',
  'connecting',
  'replicating',
  'idle',
  'retrying',
  'refused',
  'diverged',
]);

export const RoomDivergenceSchema = z.object({
  seat: z.string(),
  seq: z.number().int().nonnegative(),
  reason: z.string(),
  localHash: z.string().nullable(),
  replicaHash: z.string().nullable(),
  message: z.string(),
});

export const RoomStatusSchema = z.object({
  /** False without a `room` section: the logbook is this seat's SQLite one only. */
  configured: z.boolean(),
  seat: z.string().nullable(),
  state: RoomReplicationStateSchema,
  connected: z.boolean(),
  /** Local records the room does not have yet, as far as this seat knows. */
  pending: z.number().int().nonnegative(),
  localHeadSeq: z.number().int().nonnegative(),
  lastReplicatedSeq: z.number().int().nonnegative().nullable(),
  /** Stable reason code (the renderer says it in French); null when the last pass succeeded. */
  errorCode: z.string().nullable(),
  divergence: RoomDivergenceSchema.nullable(),
  lastSuccessAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type RoomStatus = z.infer<typeof RoomStatusSchema>;

/** Spread into contract.ts's ApiMethods; handlers live in the core's room service. */
export const RoomApiMethods = {
  /** Public like `logbook.integrity`: the main courante's header shows the room link to everyone. */
  'room.status': { params: z.object({}), result: outcome(RoomStatusSchema) },
} as const;
