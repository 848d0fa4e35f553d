import { appendOnlyTriggersSql } from '../../integrity/hash-chain';

/**
 * Schema version 2: `room_acknowledgements`, the acknowledgement at this seat of a handover
 * another seat of the room wrote (issue 13, handover across seats).
 *
 * Why a table and a chain kind of its own rather than a nullable `handover_seat` column on
 * `acknowledgements`: that table's `handover_id` is a foreign key to this seat's handovers and
 * unique, which another seat's handover id cannot honour (seat A's handover n° 3 is not this
 * seat's n° 3), and the columns a kind's hash covers are frozen (logbook-chain.ts), so an added
 * column would either change the hash of every old acknowledgement or sit outside the evidence.
 * A new kind covers every column of its rows from the start, and old chains verify unchanged.
 *
 * `handover_hash` is the other seat's handover record's hash as the room held it when it was
 * acknowledged: the acknowledgement names exactly what the operator read. (`handover_seat`,
 * `handover_id`) is unique: this seat acknowledges a handover at most once.
 */
export const migration002 = {
  version: 2,
  name: 'room acknowledgements',
  sql: `
CREATE TABLE room_acknowledgements (
  id INTEGER PRIMARY KEY,
  handover_seat TEXT NOT NULL,
  handover_id INTEGER NOT NULL,
  handover_hash TEXT NOT NULL,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  acknowledged_at TEXT NOT NULL,
  remark TEXT NOT NULL,
  UNIQUE (handover_seat, handover_id)
);
${appendOnlyTriggersSql('room_acknowledgements')}
`,
};
