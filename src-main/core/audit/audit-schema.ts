import { appendOnlyTriggersSql, chainLedgerSql, type ChainSource } from '../integrity/hash-chain';

/**
 * The audit database's tables: access and change events, the extraction register (requisitions
 * and what was handed over) and the one chain over all three. Append-only at the database level
 * (triggers) and hash-chained with the same mechanism as the main courante (integrity/), so
 * `vigie audit verify` and `vigie logbook verify` check their files the same way.
 */
export const AUDIT_SCHEMA_VERSION = 1;

/** Mixed into every hash: a record copied from another chain (the logbook's) never verifies here. */
export const AUDIT_CHAIN_NAME = 'vigie-audit-v1';
export const AUDIT_LEDGER = 'audit_chain';

const AUTHOR = ['operator_id', 'operator_badge', 'operator_name'] as const;

/**
 * Record kinds and the columns each link covers. Frozen with schema version 1: a later version
 * that adds a column adds a new kind, so old hashes stay valid.
 */
export const AUDIT_CHAIN_SOURCES: readonly ChainSource[] = [
  {
    kind: 'event',
    table: 'audit_events',
    idColumn: 'id',
    columns: [
      'id',
      'at',
      'workstation',
      ...AUTHOR,
      'operator_role',
      'action',
      'camera_id',
      'duration_ms',
      'details',
    ],
  },
  {
    kind: 'requisition',
    table: 'requisitions',
    idColumn: 'id',
    columns: [
      'id',
      'created_at',
      'workstation',
      ...AUTHOR,
      'requested_at',
      'officer_name',
      'officer_quality',
      'officer_service',
      'procedure_ref',
      'camera_ids',
      'period_from',
      'period_to',
      'entry_ids',
      'note',
    ],
  },
  {
    kind: 'requisition_item',
    table: 'requisition_items',
    idColumn: 'id',
    columns: [
      'id',
      'requisition_id',
      'added_at',
      ...AUTHOR,
      'kind',
      'file',
      'sha256',
      'bytes',
      'camera_id',
      'description',
      'verified',
    ],
  },
];

/** Version 1: everything. One transaction with the user_version bump. */
export const AUDIT_SCHEMA_SQL = `
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  workstation TEXT NOT NULL,
  operator_id INTEGER,
  operator_badge TEXT,
  operator_name TEXT,
  operator_role TEXT,
  action TEXT NOT NULL,
  camera_id TEXT,
  duration_ms INTEGER,
  details TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_action ON audit_events (action, id);
CREATE INDEX audit_events_operator ON audit_events (operator_badge COLLATE NOCASE, id);
CREATE INDEX audit_events_camera ON audit_events (camera_id, id);
${appendOnlyTriggersSql('audit_events')}

CREATE TABLE requisitions (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  workstation TEXT NOT NULL,
  operator_id INTEGER NOT NULL,
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  officer_name TEXT NOT NULL,
  officer_quality TEXT NOT NULL,
  officer_service TEXT NOT NULL,
  procedure_ref TEXT NOT NULL,
  camera_ids TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  entry_ids TEXT NOT NULL,
  note TEXT NOT NULL
);
${appendOnlyTriggersSql('requisitions')}

CREATE TABLE requisition_items (
  id INTEGER PRIMARY KEY,
  requisition_id INTEGER NOT NULL REFERENCES requisitions (id),
  added_at TEXT NOT NULL,
  operator_id INTEGER NOT NULL,
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER,
  camera_id TEXT,
  description TEXT NOT NULL,
  verified INTEGER NOT NULL
);
CREATE INDEX requisition_items_requisition ON requisition_items (requisition_id, id);
CREATE INDEX requisition_items_sha256 ON requisition_items (sha256);
${appendOnlyTriggersSql('requisition_items')}

${chainLedgerSql(AUDIT_LEDGER)}
`;
