import type pg from 'pg';
import { ROOM_SEAT_NAME } from '../config/config-schema';
import { RoomError } from './room-errors';
import { roomSearchMigration } from './room-search-schema';
import { roomViewsMigration } from './room-views-schema';

/**
 * The room's PostgreSQL schema: one database that every seat of the CSU replicates its main
 * courante chain into, and that holds the room's one operator list.
 *
 * Why a replica of chain records rather than a relational copy of each logbook table: a seat's
 * local SQLite logbook stays the record of first write (an operator is never stopped by the
 * network), and what reaches the server must be checkable by the server alone. Each replicated
 * row therefore carries its ledger link (`seq`, `kind`, `ref_id`, `prev_hash`, `hash`) and the
 * covered row's canonical JSON, exactly the bytes the local chain hashed, so
 * `recordHash(LOGBOOK_CHAIN_NAME, prev_hash, seq, kind, ref_id, JSON.parse(row_json))` from
 * `integrity/hash-chain.ts` recomputes every hash on the server (`room-verify.ts`).
 *
 * Integrity at the database level, as in the local logbook:
 * - seat roles (members of {@link SEAT_GROUP_ROLE}) get SELECT and INSERT on `chain_records`,
 *   never UPDATE, DELETE or TRUNCATE; triggers refuse UPDATE, DELETE and TRUNCATE for everyone,
 *   the table's owner included (only a superuser who switches triggers off gets past, and the
 *   hashes then say so);
 * - row-level security lets a seat insert only under its own seat name, so a compromised seat
 *   cannot write into another seat's chain;
 * - operators are never deleted and their id and badge are frozen (trigger); seats may insert
 *   an operator and change its name, role, PIN hash and active flag (one list for the room: an
 *   admin at any seat deactivates an operator for every seat).
 *
 * Versioned by `schema_version`: a core refuses a database of another version
 * ({@link assertRoomSchemaVersion}), `vigie room init` upgrades an older one, never a newer one.
 * One room database per PostgreSQL cluster: roles are cluster-wide, so the seat roles and their
 * group role are named without the database.
 */

/** The schema this build writes and reads. */
export const ROOM_SCHEMA_VERSION = 3;

/** NOTIFY channel: payloads carry only `{ workstation, seq }`, never content. */
export const ROOM_NOTIFY_CHANNEL = 'vigie_room';

/** The NOLOGIN group role every seat role is a member of; grants go to it. */
export const SEAT_GROUP_ROLE = 'vigie_seat';

/** Tables holding replicated evidence: no seat role may UPDATE, DELETE or TRUNCATE them. */
export const REPLICA_TABLES = ['chain_records'] as const;

/** The text search configuration: French stemming after unaccent, so "echauffouree" finds "échauffourée". */
export const ROOM_SEARCH_CONFIG = 'french_unaccent';

/** The login role of a seat: fixed by its name, so `room init` and the checks agree without a lookup. */
export function seatRoleName(seat: string): string {
  assertSeatName(seat);
  return `vigie_seat_${seat}`;
}

export function assertSeatName(seat: string): void {
  if (!ROOM_SEAT_NAME.test(seat)) {
    throw new RoomError(
      'room-seat-unknown',
      `"${seat}" is not a valid seat name: 1 to 48 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
}

/** `entries`' text columns, then the other kinds whose text a search should reach. */
const field = (name: string) => `coalesce((row_json::jsonb) ->> '${name}', '')`;
const joined = (names: string[]) => names.map(field).join(` || ' ' || `);
const SEARCH_EXPRESSION = `CASE kind
    WHEN 'entry' THEN to_tsvector('${ROOM_SEARCH_CONFIG}'::regconfig, ${joined(['category', 'commune', 'street', 'place', 'description', 'actions'])})
    WHEN 'amendment' THEN to_tsvector('${ROOM_SEARCH_CONFIG}'::regconfig, ${joined(['reason', 'changes'])})
    WHEN 'follow_up' THEN to_tsvector('${ROOM_SEARCH_CONFIG}'::regconfig, ${joined(['note', 'actions'])})
    WHEN 'handover' THEN to_tsvector('${ROOM_SEARCH_CONFIG}'::regconfig, ${joined(['note'])})
    WHEN 'consigne' THEN to_tsvector('${ROOM_SEARCH_CONFIG}'::regconfig, ${joined(['text'])})
    ELSE NULL
  END`;

const refuseChange = (table: string, allowUpdate: boolean) => `
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION vigie_refuse_change();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION vigie_refuse_change();
${allowUpdate ? '' : `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION vigie_refuse_change();`}`;

/** Version 1, in one transaction with its `schema_version` row. */
const VERSION_1 = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SEAT_GROUP_ROLE}') THEN
    CREATE ROLE ${SEAT_GROUP_ROLE} NOLOGIN;
  END IF;
END $$;

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION ${ROOM_SEARCH_CONFIG} (COPY = french);
ALTER TEXT SEARCH CONFIGURATION ${ROOM_SEARCH_CONFIG}
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

CREATE FUNCTION vigie_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only: % rows cannot be %', TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE schema_version (
  version integer PRIMARY KEY CHECK (version > 0),
  applied_at timestamptz NOT NULL DEFAULT now()
);
${refuseChange('schema_version', false)}

CREATE TABLE seats (
  name text PRIMARY KEY CHECK (name ~ '${ROOM_SEAT_NAME.source}'),
  role_name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
${refuseChange('seats', false)}

CREATE TABLE chain_records (
  workstation text NOT NULL REFERENCES seats (name),
  seq bigint NOT NULL CHECK (seq > 0),
  kind text NOT NULL,
  ref_id bigint NOT NULL,
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  row_json text NOT NULL,
  replicated_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (${SEARCH_EXPRESSION}) STORED,
  PRIMARY KEY (workstation, seq),
  UNIQUE (workstation, kind, ref_id)
);
CREATE INDEX chain_records_search ON chain_records USING gin (search);
CREATE INDEX chain_records_kind ON chain_records (kind, workstation, ref_id);
${refuseChange('chain_records', false)}

ALTER TABLE chain_records ENABLE ROW LEVEL SECURITY;
CREATE POLICY seat_reads_room ON chain_records FOR SELECT TO ${SEAT_GROUP_ROLE} USING (true);
CREATE POLICY seat_writes_own ON chain_records FOR INSERT TO ${SEAT_GROUP_ROLE}
  WITH CHECK (workstation = (SELECT s.name FROM seats s WHERE s.role_name = current_user));

CREATE TABLE operators (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  badge text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('operator', 'chef de salle', 'admin')),
  pin_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_seat text REFERENCES seats (name),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX operators_badge ON operators (lower(badge));
${refuseChange('operators', true)}
CREATE FUNCTION vigie_operator_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.badge <> OLD.badge OR NEW.created_at <> OLD.created_at
     OR NEW.created_by_seat IS DISTINCT FROM OLD.created_by_seat THEN
    RAISE EXCEPTION 'an operator''s id, badge and creation are frozen' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER operators_frozen BEFORE UPDATE ON operators FOR EACH ROW EXECUTE FUNCTION vigie_operator_frozen();

REVOKE ALL ON schema_version, seats, chain_records, operators FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${SEAT_GROUP_ROLE};
GRANT SELECT ON schema_version, seats TO ${SEAT_GROUP_ROLE};
GRANT SELECT, INSERT ON chain_records TO ${SEAT_GROUP_ROLE};
GRANT SELECT, INSERT ON operators TO ${SEAT_GROUP_ROLE};
GRANT UPDATE (name, role, pin_hash, active, updated_at) ON operators TO ${SEAT_GROUP_ROLE};
`;

/** One schema version: its SQL, run once, in order. */
export interface RoomMigration {
  version: number;
  sql: string;
}

export const ROOM_MIGRATIONS: readonly RoomMigration[] = [
  { version: 1, sql: VERSION_1 },
  /** room_entries, the entries as they read now, for the room's views (room-views-schema.ts). */
  { version: 2, sql: roomViewsMigration(ROOM_SEARCH_CONFIG, SEAT_GROUP_ROLE) },
  /** Search over a million entries: filters in the text index, prefixes spelt out (room-search-schema.ts). */
  { version: 3, sql: roomSearchMigration(ROOM_SEARCH_CONFIG, SEAT_GROUP_ROLE) },
];

/** The minimal client the schema functions need: a connected `pg.Client` (or a pool client). */
export type RoomClient = Pick<pg.Client, 'query'>;

/** The database's schema version, or null when it has no Vigie schema at all. */
export async function readRoomSchemaVersion(client: RoomClient): Promise<number | null> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('public.schema_version') AS t`);
  if (exists.rows[0]?.t == null) return null;
  const result = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  return result.rows[0]?.v ?? null;
}

/** Refuses a database without this build's schema version, saying what to do. */
export function assertRoomSchemaVersion(found: number | null, where: string): void {
  if (found === ROOM_SCHEMA_VERSION) return;
  if (found === null) {
    throw new RoomError(
      'room-schema-version',
      `${where}: no Vigie room schema in this database: run \`vigie room init\` first`,
    );
  }
  const advice =
    found > ROOM_SCHEMA_VERSION
      ? 'the database was upgraded by a newer Vigie: install that version on this seat'
      : 'run `vigie room init` with this Vigie to upgrade the database';
  throw new RoomError(
    'room-schema-version',
    `${where}: the room database has schema version ${found}, this Vigie needs version ${ROOM_SCHEMA_VERSION}: ${advice}`,
  );
}

/**
 * Brings the database to {@link ROOM_SCHEMA_VERSION}, each version in one transaction with its
 * `schema_version` row, under an advisory lock so two `room init` never migrate at once. A
 * database newer than this build is refused and left untouched.
 */
export async function migrateRoomSchema(
  client: RoomClient,
  where: string,
): Promise<{ from: number | null; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['vigie-room-schema']);
    const from = await readRoomSchemaVersion(client);
    if (from !== null && from > ROOM_SCHEMA_VERSION) assertRoomSchemaVersion(from, where);
    for (const migration of ROOM_MIGRATIONS) {
      if (from !== null && migration.version <= from) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [migration.version]);
    }
    await client.query('COMMIT');
    return { from, to: ROOM_SCHEMA_VERSION };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
