import { HashChain, type ChainDatabase, type ChainSource } from '../integrity/hash-chain';

const AUTHOR = ['operator_id', 'operator_badge', 'operator_name'] as const;

/**
 * The record kinds of the main courante's one chain, and the columns each covers. Frozen with
 * schema version 1: a later version that adds a column adds a new kind, so old hashes stay valid.
 */
export const LOGBOOK_CHAIN_SOURCES: readonly ChainSource[] = [
  {
    kind: 'shift',
    table: 'shifts',
    idColumn: 'id',
    columns: ['id', 'workstation', ...AUTHOR, 'opened_at', 'previous_handover_id'],
  },
  {
    kind: 'handover',
    table: 'handovers',
    idColumn: 'id',
    columns: ['id', 'shift_id', ...AUTHOR, 'written_at', 'note', 'open_incidents', 'entry_count'],
  },
  {
    kind: 'consigne',
    table: 'consignes',
    idColumn: 'id',
    columns: ['id', 'handover_id', 'position', 'text', 'expires_at'],
  },
  {
    kind: 'acknowledgement',
    table: 'acknowledgements',
    idColumn: 'id',
    columns: ['id', 'handover_id', ...AUTHOR, 'acknowledged_at', 'remark'],
  },
  {
    // Schema version 2: another seat's handover acknowledged here (migrations/002-…).
    kind: 'room_acknowledgement',
    table: 'room_acknowledgements',
    idColumn: 'id',
    columns: ['id', 'handover_seat', 'handover_id', 'handover_hash', ...AUTHOR, 'acknowledged_at', 'remark'],
  },
  {
    // Schema version 3: this seat's handover taken over at another seat (migrations/003-…).
    kind: 'handover_takeover',
    table: 'handover_takeovers',
    idColumn: 'id',
    columns: [
      'id',
      'handover_id',
      'taken_seat',
      'taken_ack_id',
      'taken_ack_hash',
      'taken_at',
      'taken_by_id',
      'taken_by_badge',
      'taken_by_name',
      ...AUTHOR,
      'recorded_at',
    ],
  },
  {
    kind: 'import',
    table: 'imports',
    idColumn: 'id',
    columns: ['id', ...AUTHOR, 'workstation', 'imported_at', 'file_name', 'file_sha256', 'entry_count'],
  },
  {
    kind: 'entry',
    table: 'entries',
    idColumn: 'id',
    columns: [
      'id',
      'client_ref',
      'shift_id',
      'import_id',
      ...AUTHOR,
      'workstation',
      'observed_at',
      'written_at',
      'category',
      'commune',
      'street',
      'place',
      'cameras',
      'description',
      'actions',
      'status',
    ],
  },
  {
    kind: 'amendment',
    table: 'amendments',
    idColumn: 'id',
    columns: ['id', 'entry_id', 'shift_id', ...AUTHOR, 'workstation', 'written_at', 'reason', 'changes'],
  },
  {
    kind: 'follow_up',
    table: 'follow_ups',
    idColumn: 'id',
    columns: [
      'id',
      'entry_id',
      'shift_id',
      ...AUTHOR,
      'workstation',
      'written_at',
      'note',
      'status',
      'actions',
    ],
  },
  {
    kind: 'export',
    table: 'exports',
    idColumn: 'id',
    columns: [
      'id',
      ...AUTHOR,
      'workstation',
      'created_at',
      'format',
      'requester',
      'reason',
      'filter',
      'entry_count',
      'file_name',
      'file_sha256',
      'chain_head_seq',
      'chain_head_hash',
    ],
  },
];

/** Mixed into every hash: a record copied from another chain never verifies here. */
export const LOGBOOK_CHAIN_NAME = 'vigie-main-courante-v1';

/**
 * The sources whose table exists in `db`: a file of an older schema opened read-only (a backup
 * being verified) has no table of a later kind, and no record of it either.
 */
export function presentChainSources(db: ChainDatabase): readonly ChainSource[] {
  const exists = db.prepare(`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?`);
  return LOGBOOK_CHAIN_SOURCES.filter((source) => exists.get(source.table) !== undefined);
}

/** The main courante's chain over an open logbook database. */
export function logbookChain(db: ChainDatabase): HashChain {
  return new HashChain(db, {
    ledger: 'logbook_chain',
    name: LOGBOOK_CHAIN_NAME,
    sources: presentChainSources(db),
  });
}
