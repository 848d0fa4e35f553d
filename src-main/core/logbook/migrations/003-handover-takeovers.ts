import { appendOnlyTriggersSql } from '../../integrity/hash-chain';

/**
 * Schema version 3: `handover_takeovers`, why this seat's shift opened after one of its own
 * handovers without a local acknowledgement: another seat of the room took that handover over
 * (`room.acknowledge` there), and the room showed it when this seat's next operator opened.
 *
 * Why a table and a chain kind of its own, as migration 002 did: the columns the older kinds
 * hash are frozen (logbook-chain.ts), and `acknowledgements` means "acknowledged here by the
 * incoming operator", which this is not. The row names the proof as the room held it: the seat
 * that took over, its `room_acknowledgement` id, that record's hash in the room, when and by
 * whom; and who opened the shift here, when. `handover_id` is unique: a handover is taken over
 * here at most once, and the shift opened with it names it as `previous_handover_id`.
 */
export const migration003 = {
  version: 3,
  name: 'handover takeovers',
  sql: `
CREATE TABLE handover_takeovers (
  id INTEGER PRIMARY KEY,
  handover_id INTEGER NOT NULL UNIQUE REFERENCES handovers (id),
  taken_seat TEXT NOT NULL,
  taken_ack_id INTEGER NOT NULL,
  taken_ack_hash TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  taken_by_id INTEGER NOT NULL,
  taken_by_badge TEXT NOT NULL,
  taken_by_name TEXT NOT NULL,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
${appendOnlyTriggersSql('handover_takeovers')}
`,
};
