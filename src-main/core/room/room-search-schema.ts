/**
 * Schema version 3 of the room database: what makes a room search over a million entries answer
 * within its 100 ms (docs/room.md#figures).
 *
 * Why each piece:
 * - **One GIN index over the filters and the text** (`room_entries_search_filtered`): with the
 *   text index alone, a common word combined with a seat, a category or a commune made PostgreSQL
 *   fetch every entry the word matches and filter them in the table. In a multi-column GIN index
 *   the filter's posting list and the words' are intersected inside the index. GIN indexes plain
 *   text columns through `btree_gin`, a contrib extension PostgreSQL ships (Debian's
 *   `postgresql-15` included) and marks trusted: the database's owner, the admin account
 *   `vigie room init` runs as, may create it without being a superuser.
 * - **The words the room holds** (`room_lexemes`): the last word typed is also a prefix, and a
 *   prefix (`roug:*`) makes GIN gather every posting list it matches into a bitmap before
 *   intersecting, three times the cost of exact words. The search first looks the prefix up in
 *   this small table (`vigie_room_tsquery`) and, when few words start with it, asks GIN for those
 *   exact words instead: the same matches, found by the fast path. Kept by statement triggers on
 *   `room_entries` (set-based, so a rebuild of a million entries stays one pass); derived like
 *   `room_entries`, never evidence, rebuilt by `vigie_room_lexemes_rebuild()`.
 *
 * Version 2's text-only index stays: it serves a search without any of these filters as before.
 * No import from room-schema.ts (which lists this migration): names come in as parameters.
 */

/** More words than this start with the prefix: the prefix itself is searched (it is then short and rare). */
export const PREFIX_EXPANSION_MAX = 32;

export function roomSearchMigration(searchConfig: string, seatGroup: string): string {
  return `
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX room_entries_search_filtered ON room_entries
  USING gin (workstation, lower(category), commune_key, search);

CREATE TABLE room_lexemes (lexeme text COLLATE "C" PRIMARY KEY);

CREATE FUNCTION vigie_room_lexemes_rebuild() RETURNS bigint LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE n bigint;
BEGIN
  DELETE FROM room_lexemes;
  INSERT INTO room_lexemes SELECT DISTINCT w FROM room_entries, unnest(tsvector_to_array(search)) AS w;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
SELECT vigie_room_lexemes_rebuild();

CREATE FUNCTION vigie_room_lexemes_track() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO room_lexemes SELECT DISTINCT w FROM fresh, unnest(tsvector_to_array(fresh.search)) AS w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER room_entries_lexemes_insert AFTER INSERT ON room_entries
  REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION vigie_room_lexemes_track();
CREATE TRIGGER room_entries_lexemes_update AFTER UPDATE ON room_entries
  REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION vigie_room_lexemes_track();

-- The typed words as a tsquery: every word by its stem, the last one also as a prefix, that
-- prefix spelt out as the exact words the room holds when there are few (see above).
CREATE FUNCTION vigie_room_tsquery(head text, last text) RETURNS tsquery LANGUAGE sql STABLE AS $$
  WITH stem AS (SELECT (tsvector_to_array(to_tsvector('${searchConfig}'::regconfig, last)))[1] AS s),
  hits AS (
    SELECT l.lexeme FROM room_lexemes l, stem
     WHERE stem.s IS NOT NULL AND l.lexeme LIKE replace(replace(stem.s, '\\', '\\\\'), '%', '\\%') || '%'
     ORDER BY l.lexeme LIMIT ${PREFIX_EXPANSION_MAX + 1})
  SELECT CASE
    WHEN (SELECT s FROM stem) IS NULL OR (SELECT count(*) FROM hits) > ${PREFIX_EXPANSION_MAX}
      OR (SELECT count(*) FROM hits) = 0
      THEN to_tsquery('${searchConfig}'::regconfig, concat_ws(' & ', nullif(head, ''), last || ':*'))
    WHEN coalesce(head, '') = ''
      THEN (SELECT string_agg(quote_literal(lexeme), ' | ') FROM hits)::tsquery
    ELSE to_tsquery('${searchConfig}'::regconfig, head)
      && (SELECT string_agg(quote_literal(lexeme), ' | ') FROM hits)::tsquery
  END
$$;

ANALYZE room_entries;
REVOKE ALL ON room_lexemes FROM PUBLIC;
GRANT SELECT ON room_lexemes TO ${seatGroup};
REVOKE ALL ON FUNCTION vigie_room_lexemes_rebuild() FROM PUBLIC;
`;
}
