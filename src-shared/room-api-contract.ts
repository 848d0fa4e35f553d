/**
 * The room views as API methods and the room's live-change push (issue 13): what the main
 * courante window asks to show every seat's entries, and the small message that tells it which
 * entries changed. Re-exported by contract.ts.
 *
 * Why the push carries only ids: the core's feed reads the records itself (room-feed.ts); a
 * window that learns "seat A's entry 12 changed" reads it again through `room.entries`, with its
 * operator's permissions, so nothing is ever shown that a window could not have asked for.
 */
import { z } from 'zod';
import { ExportResultSchema, ShiftSchema } from './logbook-contract';
import { outcome } from './primitives';
import {
  ROOM_PAGE_MAX,
  RoomEntryDetailSchema,
  RoomEntryRefSchema,
  RoomEntryViewSchema,
  RoomFilterSchema,
  RoomHandoverSchema,
  RoomSearchParamsSchema,
  RoomSearchResultSchema,
  RoomSeatSchema,
  RoomShiftStateSchema,
} from './room-views-contract';

/** A page of MC du jour or suivis en cours, room-wide (or narrowed to some seats). */
export const RoomPageParamsSchema = z.object({
  seats: z.array(RoomSeatSchema).max(50).optional(),
  limit: z.number().int().min(1).max(ROOM_PAGE_MAX).default(50),
  cursor: z.string().max(200).optional(),
});
export type RoomPageParams = z.input<typeof RoomPageParamsSchema>;

export const RoomExportParamsSchema = z.object({
  filter: RoomFilterSchema,
  /** CSV only: a room export is a spreadsheet of every seat's entries, one « Poste » column. */
  format: z.literal('csv').default('csv'),
  csvDelimiter: z.enum([';', ',']).default(';'),
  requester: z.string().trim().max(200).default(''),
  reason: z.string().trim().max(500).default(''),
});
export type RoomExportParams = z.input<typeof RoomExportParamsSchema>;

/** A local export's answer (recorded in this seat's chain) plus each seat's room chain head. */
export const RoomExportResultSchema = ExportResultSchema.extend({
  roomHeads: z.array(
    z.object({ seat: RoomSeatSchema, seq: z.number().int().nonnegative(), hash: z.string() }),
  ),
});
export type RoomExportResult = z.infer<typeof RoomExportResultSchema>;

/** Another seat's pending handover, taken over by the operator logged in here. */
export const RoomAcknowledgeParamsSchema = z.object({
  seat: RoomSeatSchema,
  handoverId: z.number().int().positive(),
  remark: z.string().trim().max(2000).default(''),
});
export type RoomAcknowledgeParams = z.input<typeof RoomAcknowledgeParamsSchema>;

/** The other seat's handover, now acknowledged from this seat, and this seat's new shift. */
export const RoomAcknowledgeResultSchema = z.object({ handover: RoomHandoverSchema, shift: ShiftSchema });
export type RoomAcknowledgeResult = z.infer<typeof RoomAcknowledgeResultSchema>;

/** Entries of the room some seat just wrote, amended or followed up: ids only. */
export const RoomChangedMessageSchema = z.object({
  type: z.literal('room-changed'),
  refs: z.array(RoomEntryRefSchema).max(500),
});
export type RoomChangedMessage = z.infer<typeof RoomChangedMessageSchema>;

/** Spread into contract.ts's ApiMethods; handlers in the core's room service (room-view-handlers.ts). */
export const RoomViewsApiMethods = {
  /** MC du jour of every seat (observed since local midnight), newest first. */
  'room.today': { params: RoomPageParamsSchema, result: outcome(RoomSearchResultSchema) },
  /** Suivis en cours of every seat. */
  'room.open': { params: RoomPageParamsSchema, result: outcome(RoomSearchResultSchema) },
  /** Room-wide search (French full text, accents ignored) with the local filters and seats. */
  'room.search': { params: RoomSearchParamsSchema, result: outcome(RoomSearchResultSchema) },
  /** Entries named by (seat, id), as they read now: what a window reads after a `room-changed`. */
  'room.entries': {
    params: z.object({ refs: z.array(RoomEntryRefSchema).min(1).max(ROOM_PAGE_MAX) }),
    result: outcome(z.array(RoomEntryViewSchema)),
  },
  /** One entry of any seat with its history (read-only when it is another seat's). */
  'room.entry': { params: RoomEntryRefSchema, result: outcome(RoomEntryDetailSchema) },
  /** Every seat's shift, pending handover and consignes in force, and the room's suivis en cours. */
  'room.shifts': { params: z.object({}), result: outcome(RoomShiftStateSchema) },
  /**
   * Takes over another seat's pending handover at this seat: refused unless the room is reachable
   * (the handover is read there), the handover still waits, and the operator here is not the one
   * who wrote it and has no shift open; written in this seat's chain with this seat's new shift.
   */
  'room.acknowledge': { params: RoomAcknowledgeParamsSchema, result: outcome(RoomAcknowledgeResultSchema) },
  /** CSV of a room selection, recorded in this seat's chain like a local export. */
  'room.export': { params: RoomExportParamsSchema, result: outcome(RoomExportResultSchema) },
} as const;
