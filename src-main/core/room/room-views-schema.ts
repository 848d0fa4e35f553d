/**
 * Schema version 2 of the room database: `room_entries`, each replicated entry as it reads now
 * (amendments applied, last follow-up's status), kept by a trigger on `chain_records`.
 *
 * Why a derived table on the server, like the local logbook's `entry_view` and `entry_fts`: the
 * room's screens (MC du jour, suivis en cours, search) select on an entry's *current* fields,
 * which live across several records (the entry, its amendments, its follow-ups). Recomputing them
 * per query over a million records would scan them all; a row per entry, refreshed in the very
 * transaction that inserts a record, keeps every screen an index lookup, and a NOTIFY received by
 * another seat always finds the row up to date. The table is no evidence: it is rebuilt from
 * `chain_records` at will (`vigie_room_entries_rebuild()`), seats may only read it, and every
 * answer is still built from what the chain covers.
 *
 * The trigger's function runs as the schema's owner (SECURITY DEFINER) because seats may not
 * write the table; a failure to index an entry is a warning, never a refused record: replicating
 * the evidence matters more than its index.
 *
 * No import from room-schema.ts (which lists this migration): names come in as parameters.
 */
export function roomViewsMigration(searchConfig: string, seatGroup: string): string {
  const tsv = (text: string) => `to_tsvector('${searchConfig}'::regconfig, ${text})`;
  return `
CREATE FUNCTION vigie_jsonb_checked(value text, fallback jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN coalesce(value::jsonb, fallback);
EXCEPTION WHEN others THEN
  RETURN fallback;
END $$;
-- JSON text read as the local store reads it (a damaged text is the fallback). The lists a seat
-- writes (camera numbers, action labels) are cast at once; anything else goes through the
-- exception block, whose subtransaction would cost more than the rest of an entry's row.
CREATE FUNCTION vigie_jsonb(value text, fallback jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN value ~ '^\\[([0-9]+(,[0-9]+)*)?\\]$' OR value ~ '^\\[("([^"\\\\]|\\\\.)*"(,"([^"\\\\]|\\\\.)*")*)?\\]$'
      THEN value::jsonb
    ELSE vigie_jsonb_checked(value, fallback)
  END
$$;

-- The record a record is about: an amendment's or follow-up's entry, a consigne's or an
-- acknowledgement's handover, a handover's shift, a shift's previous handover.
CREATE FUNCTION vigie_parent_ref(kind text, row_json text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE kind
    WHEN 'amendment' THEN (row_json::jsonb ->> 'entry_id')::bigint
    WHEN 'follow_up' THEN (row_json::jsonb ->> 'entry_id')::bigint
    WHEN 'consigne' THEN (row_json::jsonb ->> 'handover_id')::bigint
    WHEN 'acknowledgement' THEN (row_json::jsonb ->> 'handover_id')::bigint
    WHEN 'handover' THEN (row_json::jsonb ->> 'shift_id')::bigint
    WHEN 'shift' THEN (row_json::jsonb ->> 'previous_handover_id')::bigint
  END
$$;
CREATE INDEX chain_records_parent ON chain_records (workstation, vigie_parent_ref(kind, row_json), kind, seq)
  WHERE kind IN ('amendment', 'follow_up', 'consigne', 'acknowledgement', 'handover', 'shift');

-- The commune key filters compare: case, accents, hyphens and apostrophes ignored.
CREATE FUNCTION vigie_commune_key(commune text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT btrim(regexp_replace(lower(unaccent(commune)), '[[:space:]''’-]+', ' ', 'g'))
$$;

-- An entry's fields as first written, in the contract's names (cameras and actions parsed).
CREATE FUNCTION vigie_entry_fields(e jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'observedAt', e -> 'observed_at', 'category', e -> 'category', 'commune', e -> 'commune',
    'street', e -> 'street', 'place', e -> 'place', 'cameras', vigie_jsonb(e ->> 'cameras', '[]'),
    'description', e -> 'description', 'actions', vigie_jsonb(e ->> 'actions', '[]'))
$$;

CREATE FUNCTION vigie_fields_text(f jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(' ', f ->> 'description', f ->> 'category', f ->> 'commune', f ->> 'street', f ->> 'place',
    (SELECT string_agg(a, ' ') FROM jsonb_array_elements_text(
      CASE WHEN jsonb_typeof(f -> 'actions') = 'array' THEN f -> 'actions' ELSE '[]'::jsonb END) AS a))
$$;

CREATE TABLE room_entries (
  workstation text NOT NULL,
  entry_id bigint NOT NULL,
  seq bigint NOT NULL,
  observed_at text COLLATE "C" NOT NULL,
  written_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  category text NOT NULL,
  commune_key text NOT NULL,
  status text NOT NULL,
  operator_badge text NOT NULL,
  cameras jsonb NOT NULL,
  view jsonb NOT NULL,
  search tsvector NOT NULL,
  PRIMARY KEY (workstation, entry_id)
);
CREATE INDEX room_entries_recent ON room_entries (written_at DESC, workstation DESC, entry_id DESC);
CREATE INDEX room_entries_observed ON room_entries (observed_at);
CREATE INDEX room_entries_open ON room_entries (written_at DESC, workstation DESC, entry_id DESC)
  WHERE status = 'en cours';
CREATE INDEX room_entries_search ON room_entries USING gin (search);

-- One room_entries row from an entry record and what its amendments and follow-ups made of it
-- (SETOF so that PostgreSQL inlines it into the rebuild's one INSERT … SELECT).
CREATE FUNCTION vigie_room_entry_row(ws text, seq bigint, e jsonb, cur jsonb, status text, updated text,
    amendments integer, follow_ups integer, history text) RETURNS SETOF room_entries LANGUAGE sql STABLE AS $$
  SELECT ws, (p.e ->> 'id')::bigint, seq, coalesce(p.cur ->> 'observedAt', ''), p.e ->> 'written_at', updated,
    coalesce(p.cur ->> 'category', ''), vigie_commune_key(coalesce(p.cur ->> 'commune', '')), status,
    coalesce(p.e ->> 'operator_badge', ''),
    CASE WHEN jsonb_typeof(p.cur -> 'cameras') = 'array' THEN p.cur -> 'cameras' ELSE '[]'::jsonb END,
    jsonb_build_object(
      'id', p.e -> 'id', 'observedAt', p.cur -> 'observedAt', 'writtenAt', p.e -> 'written_at',
      'category', p.cur -> 'category', 'commune', p.cur -> 'commune', 'street', p.cur -> 'street',
      'place', p.cur -> 'place', 'cameras', p.cur -> 'cameras', 'description', p.cur -> 'description',
      'actions', p.cur -> 'actions', 'status', status,
      'author', jsonb_build_object('id', p.e -> 'operator_id', 'badge', p.e -> 'operator_badge', 'name', p.e -> 'operator_name'),
      'workstation', p.e -> 'workstation', 'shiftId', coalesce(p.e -> 'shift_id', 'null'::jsonb),
      'source', CASE WHEN coalesce(p.e -> 'import_id', 'null'::jsonb) = 'null'::jsonb THEN 'manual' ELSE 'import' END,
      'amendmentCount', amendments, 'followUpCount', follow_ups, 'updatedAt', updated),
    CASE WHEN history = '' AND p.cur = vigie_entry_fields(p.e) THEN setweight(${tsv('p.cur_text')}, 'A')
      ELSE setweight(${tsv('p.cur_text')}, 'A')
        || setweight(${tsv(`concat_ws(' ', vigie_fields_text(vigie_entry_fields(p.e)), history)`)}, 'B') END
  -- A fence: each parameter's expression is evaluated once, not once per column it fills.
  FROM (SELECT e, cur, vigie_fields_text(cur) AS cur_text OFFSET 0) p
$$;

-- Recomputes one entry's row from its records, in seq order (the local logbook's id order).
CREATE FUNCTION vigie_room_entry_refresh(ws text, eid bigint) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  e jsonb; eseq bigint; cur jsonb; st text; upd text; ch jsonb; r record;
  n_am integer := 0; n_fu integer := 0; history text := '';
BEGIN
  SELECT c.row_json::jsonb, c.seq INTO e, eseq FROM chain_records c
   WHERE c.workstation = ws AND c.kind = 'entry' AND c.ref_id = eid;
  IF e IS NULL THEN RETURN; END IF;
  cur := vigie_entry_fields(e);
  st := e ->> 'status';
  FOR r IN SELECT c.kind, c.row_json::jsonb AS j FROM chain_records c
            WHERE c.workstation = ws AND vigie_parent_ref(c.kind, c.row_json) = eid
              AND c.kind IN ('amendment', 'follow_up') ORDER BY c.seq LOOP
    IF r.kind = 'amendment' THEN
      n_am := n_am + 1;
      ch := vigie_jsonb(r.j ->> 'changes', '{}');
      IF jsonb_typeof(ch) = 'object' THEN cur := cur || ch; END IF;
      history := concat_ws(' ', history, r.j ->> 'reason', ch ->> 'description', ch ->> 'place', ch ->> 'street', ch ->> 'commune');
    ELSE
      n_fu := n_fu + 1;
      st := r.j ->> 'status';
      history := concat_ws(' ', history, r.j ->> 'note');
    END IF;
    IF upd IS NULL OR (r.j ->> 'written_at') COLLATE "C" > upd COLLATE "C" THEN upd := r.j ->> 'written_at'; END IF;
  END LOOP;
  INSERT INTO room_entries
  SELECT v.* FROM vigie_room_entry_row(ws, eseq, e, cur, st, coalesce(upd, e ->> 'written_at'), n_am, n_fu, history) v
  ON CONFLICT (workstation, entry_id) DO UPDATE SET
    seq = EXCLUDED.seq, observed_at = EXCLUDED.observed_at, written_at = EXCLUDED.written_at,
    updated_at = EXCLUDED.updated_at, category = EXCLUDED.category, commune_key = EXCLUDED.commune_key,
    status = EXCLUDED.status, operator_badge = EXCLUDED.operator_badge, cameras = EXCLUDED.cameras,
    view = EXCLUDED.view, search = EXCLUDED.search;
END $$;

CREATE FUNCTION vigie_room_entries_track() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  BEGIN
    PERFORM vigie_room_entry_refresh(NEW.workstation,
      CASE WHEN NEW.kind = 'entry' THEN NEW.ref_id ELSE vigie_parent_ref(NEW.kind, NEW.row_json) END);
  EXCEPTION WHEN others THEN
    RAISE WARNING 'room_entries: record #% of seat % not indexed: %', NEW.seq, NEW.workstation, SQLERRM;
  END;
  RETURN NULL;
END $$;
CREATE TRIGGER chain_records_room_entries AFTER INSERT ON chain_records FOR EACH ROW
  WHEN (NEW.kind IN ('entry', 'amendment', 'follow_up')) EXECUTE FUNCTION vigie_room_entries_track();

-- Rebuilds the table from the records: set-based for entries, then each entry with a history.
CREATE FUNCTION vigie_room_entries_rebuild() RETURNS bigint LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE n bigint; r record;
BEGIN
  DELETE FROM room_entries;
  INSERT INTO room_entries
  SELECT v.* FROM chain_records c,
    LATERAL (SELECT c.row_json::jsonb AS e) x,
    LATERAL vigie_room_entry_row(c.workstation, c.seq, x.e, vigie_entry_fields(x.e), x.e ->> 'status',
      x.e ->> 'written_at', 0, 0, '') v
   WHERE c.kind = 'entry';
  GET DIAGNOSTICS n = ROW_COUNT;
  FOR r IN SELECT DISTINCT c.workstation, vigie_parent_ref(c.kind, c.row_json) AS eid FROM chain_records c
            WHERE c.kind IN ('amendment', 'follow_up') LOOP
    PERFORM vigie_room_entry_refresh(r.workstation, r.eid);
  END LOOP;
  RETURN n;
END $$;
SELECT vigie_room_entries_rebuild();

REVOKE ALL ON room_entries FROM PUBLIC;
GRANT SELECT ON room_entries TO ${seatGroup};
REVOKE ALL ON FUNCTION vigie_room_entry_refresh(text, bigint), vigie_room_entries_rebuild() FROM PUBLIC;
`;
}
