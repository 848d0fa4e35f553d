import pg from 'pg';
import type { RoomSearchParams } from '../../src-shared/contract';

/**
 * Bulk-loads realistic French main courante entries into a room database, for the room search
 * figure: one INSERT … SELECT over generate_series, as the superuser, triggers off
 * (session_replication_role = replica), the GIN indexes dropped and built again at the end, then
 * `vigie_room_entries_rebuild()` derives `room_entries` as the trigger would have.
 *
 * The rows are `entry` records of the seats `poste-1…` with the columns a seat replicates, spread
 * over three years, ~10 % en cours. Their hashes are placeholders: this is not a valid chain
 * (room verify would refuse it), only a realistic body of text and fields to search.
 */

const list = (words: readonly string[]) =>
  `ARRAY[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}]`;

const SUBJECTS = [
  'Deux individus',
  'Un groupe de jeunes',
  'Un véhicule',
  'Un scooter rouge',
  'Une femme',
  'Un homme',
  'Un chien errant',
  'Trois personnes',
  'Un camion de livraison',
  'Un cycliste',
  'Une voiture blanche',
  'Un adolescent',
];
const VERBS = [
  'se battent',
  'stationne en double file',
  'circule à contresens',
  'prend la fuite',
  'dégrade du mobilier urbain',
  'importune les passants',
  'fouille les poubelles',
  'est allongé au sol',
  'brise une vitrine',
  'allume un feu de poubelle',
  'vend des stupéfiants',
  'tague un mur',
];
const PLACES = [
  'devant la gare routière',
  'place du marché',
  'sur le parking du centre commercial',
  "près de l'école Jean Jaurès",
  'rue Victor Hugo',
  'au rond-point des Fusillés',
  'devant la mairie',
  'sous le pont SNCF',
  "à l'arrêt de tramway Liberté",
  'dans le parc municipal',
];
const DETAILS = [
  'police municipale prévenue',
  'patrouille dépêchée sur place',
  'suivi caméra en cours',
  'aucune intervention nécessaire',
  'signalement par un riverain',
  'individus partis en direction du centre-ville',
  'pompiers appelés',
  'interpellation par la police nationale',
  'témoin entendu sur place',
  'fin de surveillance',
];
const CATEGORIES = [
  'rixe',
  'stationnement gênant',
  'dégradation',
  'incendie',
  'trafic de stupéfiants',
  "troubles à l'ordre public",
  'accident',
  'autre',
];
const COMMUNES = [
  'Vigieville',
  'Saint-Étienne-du-Rouvray',
  'Montreuil',
  'Bagnolet',
  'Les Lilas',
  'Romainville',
  'Pantin',
  'Noisy-le-Sec',
];

const pick = (array: string, n: number) => `(${array})[1 + floor(random() * ${n})::int]`;
const iso = (ts: string) => `to_char((${ts}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function loadRoomEntries(
  settings: pg.ClientConfig,
  total: number,
  seats: number,
): Promise<void> {
  const client = new pg.Client(settings);
  await client.connect();
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query(`SET session_replication_role = replica`);
    await client.query(
      `ALTER DATABASE ${pg.escapeIdentifier(String(settings.database))} SET work_mem = '16MB'`,
    );
    await client.query(
      `INSERT INTO seats (name, role_name) SELECT 'poste-' || i, 'bench_role_' || i FROM generate_series(1, $1) i`,
      [seats],
    );
    // Every full-text index (GIN) is built once at the end rather than row by row.
    const gin = (
      await client.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes
          WHERE tablename IN ('chain_records', 'room_entries') AND indexdef LIKE '% USING gin %'`,
      )
    ).rows;
    for (const index of gin) await client.query(`DROP INDEX ${pg.escapeIdentifier(index.name)}`);
    await client.query('SELECT setseed(0.42)');
    const span = 3 * 365 * 86_400;
    await client.query(
      `INSERT INTO chain_records (workstation, seq, kind, ref_id, prev_hash, hash, row_json)
       SELECT 'poste-' || (1 + g % ${seats}), g / ${seats} + 1, 'entry', g / ${seats} + 1, repeat('0', 64),
              lpad(to_hex(g), 64, '0'), jsonb_build_object(
         'id', g / ${seats} + 1, 'client_ref', NULL, 'shift_id', NULL, 'import_id', NULL,
         'operator_id', 1 + g % 7, 'operator_badge', 'B10' || (g % 7), 'operator_name', 'Opérateur ' || (g % 7),
         'workstation', 'poste-' || (1 + g % ${seats}), 'observed_at', ${iso('o')}, 'written_at', ${iso(`o + interval '2 minutes'`)},
         'category', ${pick(list(CATEGORIES), CATEGORIES.length)}, 'commune', ${pick(list(COMMUNES), COMMUNES.length)},
         'street', '', 'place', '', 'cameras', '[' || (g % 300) || ']',
         'description', ${pick(list(SUBJECTS), SUBJECTS.length)} || ' ' || ${pick(list(VERBS), VERBS.length)} || ' '
           || ${pick(list(PLACES), PLACES.length)} || ', ' || CASE WHEN random() < 0.001
             THEN 'échauffourée rapidement maîtrisée' ELSE ${pick(list(DETAILS), DETAILS.length)} END
           || ', caméra n° ' || (g % 300),
         'actions', '["police municipale"]',
         'status', CASE WHEN random() < 0.1 THEN 'en cours' WHEN random() < 0.66 THEN 'clos' ELSE 'sans suite' END
       )::text
       FROM generate_series(0, $1 - 1) g,
            LATERAL (SELECT now() - make_interval(secs => ($1 - g)::double precision * ${span} / $1) AS o) t`,
      [total],
    );
    await client.query('SELECT vigie_room_entries_rebuild()');
    // Its statement triggers are off under session_replication_role = replica: filled at once.
    await client.query('SELECT vigie_room_lexemes_rebuild()');
    for (const index of gin) await client.query(index.def);
    await client.query('ANALYZE chain_records');
    await client.query('ANALYZE room_entries');
  } finally {
    await client.end();
  }
}

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** The searches timed: rare and dense words, combined with each filter, and the two presets. */
export const ROOM_SEARCH_QUERIES: ((now: Date) => RoomSearchParams)[] = [
  () => ({ text: 'echauffouree' }),
  () => ({ text: 'scooter rouge' }),
  () => ({ text: 'vehicule contresens' }),
  () => ({ text: 'gare routiere', seats: ['poste-2'] }),
  (now) => ({ text: 'interpellation', from: daysAgo(now, 30) }),
  () => ({ text: 'pompiers', categories: ['incendie'] }),
  () => ({ text: 'vitrine', commune: 'saint etienne du rouvray' }),
  () => ({ preset: 'today' }),
  () => ({ preset: 'open' }),
  () => ({ text: 'individus fuite' }),
  () => ({ text: 'police' }),
  (now) => ({ categories: ['rixe'], from: daysAgo(now, 7) }),
  () => ({ text: 'stupefiants', order: 'recent', limit: 50 }),
  () => ({ text: 'zzzyx' }),
];
