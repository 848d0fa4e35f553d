import type { HashChain } from '../integrity/hash-chain';
import type { SqliteDatabase, SqliteStatement } from '../sqlite/sqlite-driver';
import type {
  AcknowledgementRow,
  AmendmentRow,
  ConsigneRow,
  EntryRow,
  FollowUpRow,
  HandoverRow,
  HandoverTakeoverRow,
  OperatorRow,
  RoomAcknowledgementRow,
  ShiftRow,
  TaxonomyRow,
} from './store-rows';

/*
 * Every SQL statement of the logbook store, prepared once when the store opens: one place to read
 * what the store can ever write or read, and no statement compiled again per call. The areas
 * (store-operators.ts, store-entries.ts, store-shifts.ts…) share them through `StoreParts`.
 */

const SHIFT_SELECT = `SELECT s.*, h.written_at AS closed_at FROM shifts s LEFT JOIN handovers h ON h.shift_id = s.id`;

/** The store's prepared statements, by name. */
export type Statements = ReturnType<typeof prepareStatements>;

/** What every store area works with: the one connection, its chain, the prepared statements. */
export interface StoreParts {
  readonly db: SqliteDatabase;
  readonly chain: HashChain;
  readonly stmts: Statements;
}

/**
 * Base of the store's areas: gives each the shared connection, chain and statements under the
 * names the store has always used, so a method reads the same wherever its area lives.
 */
export abstract class StoreArea {
  protected readonly db: SqliteDatabase;
  protected readonly chain: HashChain;
  protected readonly stmts: Statements;

  constructor(parts: StoreParts) {
    this.db = parts.db;
    this.chain = parts.chain;
    this.stmts = parts.stmts;
  }

  /** A record's link in the chain (null when not chained, which verification reports). */
  protected chainRef(kind: string, id: number): { seq: number; hash: string } | null {
    const link = this.chain.link(kind, id);
    return link ? { seq: link.seq, hash: link.hash } : null;
  }
}

export function prepareStatements(db: SqliteDatabase) {
  const p = <Row>(sql: string): SqliteStatement<Row> => db.prepare<Row>(sql);
  return {
    operatorCount: p<{ n: number }>('SELECT count(*) AS n FROM operators'),
    operatorByBadge: p<OperatorRow>('SELECT * FROM operators WHERE badge = ?'),
    operatorById: p<OperatorRow>('SELECT * FROM operators WHERE id = ?'),
    operators: p<OperatorRow>('SELECT * FROM operators ORDER BY name, id'),
    insertOperator: p(
      'INSERT INTO operators (badge, name, role, pin_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    setPin: p('UPDATE operators SET pin_hash = ? WHERE id = ?'),
    setActive: p('UPDATE operators SET active = ? WHERE id = ?'),
    setProfile: p('UPDATE operators SET name = ?, role = ? WHERE id = ?'),

    taxonomy: p<TaxonomyRow>('SELECT * FROM taxonomy ORDER BY kind, position, id'),
    insertTaxonomy: p('INSERT INTO taxonomy (kind, label, position) VALUES (?, ?, ?)'),
    setTaxonomyActive: p('UPDATE taxonomy SET active = ? WHERE id = ?'),

    entry: p<EntryRow>('SELECT * FROM entries WHERE id = ?'),
    entryByClientRef: p<{ id: number }>('SELECT id FROM entries WHERE client_ref = ?'),
    insertEntry: p(
      `INSERT INTO entries (client_ref, shift_id, import_id, operator_id, operator_badge, operator_name, workstation,
        observed_at, written_at, category, commune, street, place, cameras, description, actions, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertView: p(
      `INSERT INTO entry_view (entry_id, observed_at, category, commune_key, status, operator_id, amendment_count,
        follow_up_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertView: p(
      `INSERT OR REPLACE INTO entry_view (entry_id, observed_at, category, commune_key, status, operator_id,
        amendment_count, follow_up_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertCamera: p('INSERT OR IGNORE INTO entry_cameras (camera, entry_id) VALUES (?, ?)'),
    deleteCameras: p('DELETE FROM entry_cameras WHERE entry_id = ?'),
    insertFts: p('INSERT INTO entry_fts (rowid, body) VALUES (?, ?)'),
    deleteFts: p('DELETE FROM entry_fts WHERE rowid = ?'),
    amendmentsOf: p<AmendmentRow>('SELECT * FROM amendments WHERE entry_id = ? ORDER BY id'),
    followUpsOf: p<FollowUpRow>('SELECT * FROM follow_ups WHERE entry_id = ? ORDER BY id'),
    insertAmendment: p(
      `INSERT INTO amendments (entry_id, shift_id, operator_id, operator_badge, operator_name, workstation, written_at,
        reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertFollowUp: p(
      `INSERT INTO follow_ups (entry_id, shift_id, operator_id, operator_badge, operator_name, workstation, written_at,
        note, status, actions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertImport: p(
      `INSERT INTO imports (operator_id, operator_badge, operator_name, workstation, imported_at, file_name,
        file_sha256, entry_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    openIncidents: p<{ entry_id: number }>(
      `SELECT entry_id FROM entry_view WHERE status = 'en cours' ORDER BY entry_id DESC LIMIT ?`,
    ),

    currentShift: p<Omit<ShiftRow, 'closed_at'>>(
      `SELECT s.* FROM shifts s WHERE s.workstation = ?
        AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.shift_id = s.id) ORDER BY s.id DESC LIMIT 1`,
    ),
    shiftById: p<ShiftRow>(`${SHIFT_SELECT} WHERE s.id = ?`),
    shifts: p<ShiftRow>(`${SHIFT_SELECT} ORDER BY s.id DESC LIMIT ?`),
    shiftsOf: p<ShiftRow>(`${SHIFT_SELECT} WHERE s.workstation = ? ORDER BY s.id DESC LIMIT ?`),
    shiftAfter: p<{ id: number }>('SELECT id FROM shifts WHERE previous_handover_id = ? ORDER BY id LIMIT 1'),
    insertShift: p(
      `INSERT INTO shifts (workstation, operator_id, operator_badge, operator_name, opened_at, previous_handover_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    shiftEntryCount: p<{ n: number }>('SELECT count(*) AS n FROM entries WHERE shift_id = ?'),
    shiftEntries: p<{ id: number }>('SELECT id FROM entries WHERE shift_id = ? ORDER BY id LIMIT ?'),
    shiftFollowUps: p<FollowUpRow>('SELECT * FROM follow_ups WHERE shift_id = ? ORDER BY id'),
    shiftAmendments: p<AmendmentRow>('SELECT * FROM amendments WHERE shift_id = ? ORDER BY id'),
    handover: p<HandoverRow>('SELECT * FROM handovers WHERE id = ?'),
    handoverOfShift: p<HandoverRow>('SELECT * FROM handovers WHERE shift_id = ?'),
    lastHandover: p<HandoverRow>(
      `SELECT h.* FROM handovers h JOIN shifts s ON s.id = h.shift_id WHERE s.workstation = ? ORDER BY h.id DESC LIMIT 1`,
    ),
    insertHandover: p(
      `INSERT INTO handovers (shift_id, operator_id, operator_badge, operator_name, written_at, note, open_incidents,
        entry_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    consignesOf: p<ConsigneRow>('SELECT * FROM consignes WHERE handover_id = ? ORDER BY position'),
    insertConsigne: p('INSERT INTO consignes (handover_id, position, text, expires_at) VALUES (?, ?, ?, ?)'),
    ackOf: p<AcknowledgementRow>('SELECT * FROM acknowledgements WHERE handover_id = ?'),
    insertAck: p(
      `INSERT INTO acknowledgements (handover_id, operator_id, operator_badge, operator_name, acknowledged_at, remark)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    roomAckOf: p<RoomAcknowledgementRow>(
      'SELECT * FROM room_acknowledgements WHERE handover_seat = ? AND handover_id = ?',
    ),
    insertRoomAck: p(
      `INSERT INTO room_acknowledgements (handover_seat, handover_id, handover_hash, operator_id, operator_badge,
        operator_name, acknowledged_at, remark) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    takeoverOf: p<HandoverTakeoverRow>('SELECT * FROM handover_takeovers WHERE handover_id = ?'),
    insertTakeover: p(
      `INSERT INTO handover_takeovers (handover_id, taken_seat, taken_ack_id, taken_ack_hash, taken_at, taken_by_id,
        taken_by_badge, taken_by_name, operator_id, operator_badge, operator_name, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertExport: p(
      `INSERT INTO exports (operator_id, operator_badge, operator_name, workstation, created_at, format, requester,
        reason, filter, entry_count, file_name, file_sha256, chain_head_seq, chain_head_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
