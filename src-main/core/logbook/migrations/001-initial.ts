import { appendOnlyTriggersSql, chainLedgerSql } from '../../integrity/hash-chain';

/**
 * Schema version 1: operators, taxonomy, shifts and handovers, entries with their amendments and
 * follow-ups, exports and imports, the hash-chain ledger, and the search tables.
 *
 * Record tables (everything the chain covers) are append-only through triggers: a correction is
 * a new amendment row, a status change a new follow-up row. Who wrote a record is copied into it
 * (id, badge, name) so the chained row says it by itself. Times are ISO 8601 UTC strings with
 * milliseconds, which sort as text.
 *
 * `entry_view`, `entry_cameras` and `entry_fts` are derived indexes (current status, effective
 * values after amendments, full text), kept in step by the core in the same transaction as the
 * record that changes them; they are not evidence and can be rebuilt from the records.
 */
const RECORD_TABLES = [
  'shifts',
  'handovers',
  'consignes',
  'acknowledgements',
  'imports',
  'entries',
  'amendments',
  'follow_ups',
  'exports',
] as const;

const SEED_CATEGORIES = [
  'trafic de stupéfiants',
  'rixe',
  'recherche de personne / enfant',
  "troubles à l'ordre public",
  'accident',
  'incendie',
  'dégradation',
  'stationnement gênant',
  'réquisition',
  'technique — caméra en panne',
  'autre',
];

const SEED_ACTIONS = [
  'police nationale',
  'police municipale',
  'gendarmerie',
  'pompiers',
  'SAMU',
  'service technique',
];

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function seed(kind: 'category' | 'action', labels: string[]): string {
  return labels
    .map(
      (label, index) =>
        `INSERT INTO taxonomy (kind, label, position) VALUES ('${kind}', ${quote(label)}, ${index + 1});`,
    )
    .join('\n');
}

export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE operators (
  id INTEGER PRIMARY KEY,
  badge TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('operator', 'chef de salle', 'admin')),
  pin_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES operators (id)
);
CREATE TRIGGER operators_no_delete BEFORE DELETE ON operators
BEGIN SELECT RAISE(ABORT, 'operators are never deleted: deactivate them'); END;
CREATE TRIGGER operators_frozen BEFORE UPDATE OF id, badge, created_at, created_by ON operators
BEGIN SELECT RAISE(ABORT, 'an operator''s badge and creation are frozen'); END;

CREATE TABLE taxonomy (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('category', 'action')),
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (kind, label)
);
CREATE TRIGGER taxonomy_no_delete BEFORE DELETE ON taxonomy
BEGIN SELECT RAISE(ABORT, 'taxonomy labels are retired, never deleted'); END;
CREATE TRIGGER taxonomy_label_frozen BEFORE UPDATE OF id, kind, label ON taxonomy
BEGIN SELECT RAISE(ABORT, 'a taxonomy label is frozen: retire it and add another'); END;
${seed('category', SEED_CATEGORIES)}
${seed('action', SEED_ACTIONS)}

CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  workstation TEXT NOT NULL,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  previous_handover_id INTEGER REFERENCES handovers (id)
);
CREATE INDEX shifts_workstation ON shifts (workstation, id);

CREATE TABLE handovers (
  id INTEGER PRIMARY KEY,
  shift_id INTEGER NOT NULL UNIQUE REFERENCES shifts (id),
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  written_at TEXT NOT NULL,
  note TEXT NOT NULL,
  open_incidents TEXT NOT NULL,
  entry_count INTEGER NOT NULL
);

CREATE TABLE consignes (
  id INTEGER PRIMARY KEY,
  handover_id INTEGER NOT NULL REFERENCES handovers (id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  expires_at TEXT
);
CREATE INDEX consignes_handover ON consignes (handover_id);

CREATE TABLE acknowledgements (
  id INTEGER PRIMARY KEY,
  handover_id INTEGER NOT NULL UNIQUE REFERENCES handovers (id),
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  acknowledged_at TEXT NOT NULL,
  remark TEXT NOT NULL
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  workstation TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  entry_count INTEGER NOT NULL
);

CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  client_ref TEXT UNIQUE,
  shift_id INTEGER REFERENCES shifts (id),
  import_id INTEGER REFERENCES imports (id),
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  workstation TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  written_at TEXT NOT NULL,
  category TEXT NOT NULL,
  commune TEXT NOT NULL,
  street TEXT NOT NULL,
  place TEXT NOT NULL,
  cameras TEXT NOT NULL,
  description TEXT NOT NULL,
  actions TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sans suite', 'en cours', 'clos'))
);
CREATE INDEX entries_shift ON entries (shift_id);

CREATE TABLE amendments (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES entries (id),
  shift_id INTEGER REFERENCES shifts (id),
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  workstation TEXT NOT NULL,
  written_at TEXT NOT NULL,
  reason TEXT NOT NULL,
  changes TEXT NOT NULL
);
CREATE INDEX amendments_entry ON amendments (entry_id);
CREATE INDEX amendments_shift ON amendments (shift_id);

CREATE TABLE follow_ups (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES entries (id),
  shift_id INTEGER REFERENCES shifts (id),
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  workstation TEXT NOT NULL,
  written_at TEXT NOT NULL,
  note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sans suite', 'en cours', 'clos')),
  actions TEXT NOT NULL
);
CREATE INDEX follow_ups_entry ON follow_ups (entry_id);
CREATE INDEX follow_ups_shift ON follow_ups (shift_id);

CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  operator_badge TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  workstation TEXT NOT NULL,
  created_at TEXT NOT NULL,
  format TEXT NOT NULL,
  requester TEXT NOT NULL,
  reason TEXT NOT NULL,
  filter TEXT NOT NULL,
  entry_count INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  chain_head_seq INTEGER,
  chain_head_hash TEXT
);

${RECORD_TABLES.map(appendOnlyTriggersSql).join('\n')}
${chainLedgerSql('logbook_chain')}

CREATE TABLE entry_view (
  entry_id INTEGER PRIMARY KEY REFERENCES entries (id),
  observed_at TEXT NOT NULL,
  category TEXT NOT NULL,
  commune_key TEXT NOT NULL,
  status TEXT NOT NULL,
  operator_id INTEGER NOT NULL,
  amendment_count INTEGER NOT NULL DEFAULT 0,
  follow_up_count INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
-- Each index implicitly ends with entry_id (the rowid): "this category, newest entry first" is
-- a backwards range scan that stops when the page is full.
CREATE INDEX entry_view_observed ON entry_view (observed_at);
CREATE INDEX entry_view_category ON entry_view (category);
CREATE INDEX entry_view_commune ON entry_view (commune_key);
CREATE INDEX entry_view_status ON entry_view (status);
CREATE INDEX entry_view_operator ON entry_view (operator_id);

CREATE TABLE entry_cameras (
  camera INTEGER NOT NULL,
  entry_id INTEGER NOT NULL,
  PRIMARY KEY (camera, entry_id)
) WITHOUT ROWID;
CREATE INDEX entry_cameras_entry ON entry_cameras (entry_id);

CREATE VIRTUAL TABLE entry_fts USING fts5 (
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
`,
};
