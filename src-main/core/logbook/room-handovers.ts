/**
 * What the room hands this seat's logbook about handovers written at other seats: the types the
 * room's queries produce and the shift store consumes, declared once on the logbook's side (the
 * room may import this file, see eslint.config.js).
 */

/** Another seat's handover as the room holds it: what an acknowledgement here names and checks. */
export interface OtherSeatHandover {
  seat: string;
  id: number;
  /** The handover record's hash in the room. */
  hash: string;
  /** Who wrote it: nobody acknowledges their own handover, whatever the seat. */
  operatorBadge: string;
}

/**
 * This seat's own handover as the room counts it taken over at another seat (`room.acknowledge`
 * there): the proof, read from the room by the caller, that lets this seat's next shift open
 * without a local acknowledgement. The store cannot check it against the other seat's chain; it
 * records it as it was read (the room's `room verify` checks that record), and checks it names
 * this seat's handover that waits, taken at another seat.
 */
export interface HandoverTakeover {
  /** This seat's handover. */
  handoverId: number;
  /** The seat that took it over. */
  seat: string;
  /** Its `room_acknowledgement` record: id at that seat, hash in the room, time. */
  acknowledgementId: number;
  hash: string;
  at: string;
  operator: { id: number; badge: string; name: string };
}
