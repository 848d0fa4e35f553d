/**
 * The room's views of the main courante (all seats on the room's PostgreSQL): the shapes of the
 * local logbook's answers (logbook-contract.ts), each entry and handover saying its seat.
 * Re-exported by contract.ts.
 *
 * Why the local shapes with one more field rather than new ones: the main courante window shows
 * the room with the components it uses for its own seat; the `seat` is what tells two entries n° 12
 * of two seats apart (entry ids are per seat), so every room-wide selection and cursor names it.
 */
import { z } from 'zod';
import {
  AcknowledgementSchema,
  ConsigneSchema,
  EntryDetailSchema,
  EntryFilterSchema,
  EntryViewSchema,
  HandoverSchema,
  ShiftSchema,
} from './logbook-contract';

/** A seat name as the room knows it (config's `room.seat`). */
export const RoomSeatSchema = z.string().min(1).max(48);

/** An entry as it reads now, room-wide: the local view plus the seat that wrote it. */
export const RoomEntryViewSchema = EntryViewSchema.extend({ seat: RoomSeatSchema });
export type RoomEntryView = z.infer<typeof RoomEntryViewSchema>;

/** Names one entry of the room: entry ids are per seat. */
export const RoomEntryRefSchema = z.object({ seat: RoomSeatSchema, id: z.number().int().positive() });
export type RoomEntryRef = z.infer<typeof RoomEntryRefSchema>;

export const RoomEntryDetailSchema = EntryDetailSchema.extend({
  seat: RoomSeatSchema,
  entry: RoomEntryViewSchema,
});
export type RoomEntryDetail = z.infer<typeof RoomEntryDetailSchema>;

/**
 * A room selection: the local filter (MC du jour, suivis en cours, text, period, category,
 * commune, camera, operator badge, statuses), narrowed to some seats when `seats` is given.
 * Full text is PostgreSQL's French search, accents ignored; words are stemmed ("rixes" finds
 * "rixe") and the last word typed may also be the start of a word ("échauff" finds "échauffourée").
 */
export const RoomFilterSchema = EntryFilterSchema.extend({
  seats: z.array(RoomSeatSchema).max(50).optional(),
});
export type RoomFilter = z.infer<typeof RoomFilterSchema>;

export const ROOM_PAGE_MAX = 200;

export const RoomSearchParamsSchema = RoomFilterSchema.extend({
  limit: z.number().int().min(1).max(ROOM_PAGE_MAX).default(50),
  /** Opaque, from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
  /**
   * `relevance` (the default with text): best matches first, then newest; a text matching too
   * many entries to rank is answered newest first and says so in `order`. `recent`: newest first.
   */
  order: z.enum(['relevance', 'recent']).optional(),
});
export type RoomSearchParams = z.input<typeof RoomSearchParamsSchema>;

export const RoomSearchResultSchema = z.object({
  entries: z.array(RoomEntryViewSchema),
  nextCursor: z.string().nullable(),
  /** Matching entries; "at least" when `totalCapped` (counting stops at SEARCH_TOTAL_CAP). */
  total: z.number().int().nonnegative(),
  totalCapped: z.boolean(),
  /** The order the page is in. */
  order: z.enum(['relevance', 'recent']),
});
export type RoomSearchResult = z.infer<typeof RoomSearchResultSchema>;

export const RoomConsigneSchema = ConsigneSchema.extend({ seat: RoomSeatSchema });
export type RoomConsigne = z.infer<typeof RoomConsigneSchema>;

/**
 * A handover's acknowledgement as the room counts it, saying the seat it was written at: the
 * handover's own seat (its next operator), or another seat whose operator took over from there
 * (`room.acknowledge`). When several exist (two seats took it while the server was away), the
 * earliest counts.
 */
export const RoomAcknowledgementSchema = AcknowledgementSchema.extend({ seat: RoomSeatSchema });
export type RoomAcknowledgement = z.infer<typeof RoomAcknowledgementSchema>;

export const RoomHandoverSchema = HandoverSchema.extend({
  seat: RoomSeatSchema,
  openIncidents: z.array(RoomEntryViewSchema),
  acknowledgement: RoomAcknowledgementSchema.nullable(),
});
export type RoomHandover = z.infer<typeof RoomHandoverSchema>;

/** One seat's shift screen, as the room sees it. */
export const RoomSeatShiftSchema = z.object({
  seat: RoomSeatSchema,
  shift: ShiftSchema.nullable(),
  /** The seat's last handover when nobody has acknowledged it yet. */
  pendingHandover: RoomHandoverSchema.nullable(),
  /** The seat's last handover, with who acknowledged it, when and at which seat (null: waiting). */
  lastHandover: RoomHandoverSchema.nullable(),
  /** Consignes of the seat's last handover that have not expired. */
  consignes: z.array(RoomConsigneSchema),
});
export type RoomSeatShift = z.infer<typeof RoomSeatShiftSchema>;

/** The handover state of the whole room: every seat's shift, the room's consignes and suivis. */
export const RoomShiftStateSchema = z.object({
  seats: z.array(RoomSeatShiftSchema),
  /** Every seat's active consignes, newest handover first. */
  consignes: z.array(RoomConsigneSchema),
  /** Entries en cours on any seat, newest first (at most 200). */
  openIncidents: z.array(RoomEntryViewSchema),
});
export type RoomShiftState = z.infer<typeof RoomShiftStateSchema>;
