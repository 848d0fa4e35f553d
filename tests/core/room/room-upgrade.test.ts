import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalChainReader } from '../../../src-main/core/room/local-chain-reader';
import { replicateRecords } from '../../../src-main/core/room/room-batch';
import { initRoom } from '../../../src-main/core/room/room-init';
import { searchRoom } from '../../../src-main/core/room/room-queries';
import { ROOM_MIGRATIONS, ROOM_SCHEMA_VERSION } from '../../../src-main/core/room/room-schema';
import { PostgresCluster } from '../../support/postgres-cluster';
import { ctx, draft, quietLogs, scratchStore } from '../logbook/logbook-support';

/**
 * A room database of schema version 2 holding entries is upgraded by `room init` to version 3
 * (filters in the text index, the room's words for prefixes): the entries replicated before are
 * found by prefix and filter as before, and an entry replicated after adds its words.
 */

let cluster: PostgresCluster;
let dir: string;
let local: ReturnType<typeof scratchStore>;
let admin: pg.Client;

beforeAll(async () => {
  quietLogs();
  cluster = await PostgresCluster.start();
  await cluster.createDatabase('room');
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-room-upgrade-'));
  local = scratchStore();
  admin = new pg.Client(cluster.superuser('room'));
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  local?.cleanup();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function replicateAll(): Promise<void> {
  const reader = LocalChainReader.open(local.file);
  try {
    const head = (await admin.query<{ n: string }>(`SELECT count(*) AS n FROM chain_records`)).rows[0]!;
    await replicateRecords(admin, 'poste-1', reader.after(Number(head.n), 1000));
  } finally {
    reader.close();
  }
}

describe('room schema upgrade to version 3', () => {
  it('keeps every entry searchable by prefix and filter, and indexes the words of new ones', async () => {
    expect(ROOM_SCHEMA_VERSION).toBe(3);
    // A room as a Vigie of schema version 2 left it, with entries of seat poste-1.
    await admin.query('BEGIN');
    for (const migration of ROOM_MIGRATIONS.filter((m) => m.version <= 2)) {
      await admin.query(migration.sql);
      await admin.query('INSERT INTO schema_version (version) VALUES ($1)', [migration.version]);
    }
    await admin.query(`INSERT INTO seats (name, role_name) VALUES ('poste-1', 'vigie_seat_poste-1')`);
    await admin.query('COMMIT');
    local.store.createEntry(
      ctx(local.alice),
      draft({ description: 'Échauffourée devant la gare routière' }),
      {
        requireShift: false,
      },
    );
    local.store.createEntry(ctx(local.alice), draft({ description: 'Scooter rouge à contresens' }), {
      requireShift: false,
    });
    await replicateAll();

    const result = await initRoom({
      admin: cluster.superuser('room'),
      seats: ['poste-1'],
      credentialsDir: dir,
    });
    expect(result.schema).toEqual({ from: 2, to: 3 });
    const words = (await admin.query<{ lexeme: string }>('SELECT lexeme FROM room_lexemes')).rows.map(
      (row) => row.lexeme,
    );
    expect(words).toEqual(expect.arrayContaining(['echauffoure', 'roug', 'routier', 'scoot']));

    const now = new Date();
    expect((await searchRoom(admin, { text: 'échauff' }, now)).total).toBe(1);
    expect((await searchRoom(admin, { text: 'gare rout', seats: ['poste-1'] }, now)).total).toBe(1);
    expect((await searchRoom(admin, { text: 'gare rout', seats: ['poste-2'] }, now)).total).toBe(0);
    expect((await searchRoom(admin, { text: 'sco' }, now)).entries).toMatchObject([
      { seat: 'poste-1', description: 'Scooter rouge à contresens' },
    ]);

    // Written after the upgrade: its words join the room's through the trigger.
    local.store.createEntry(ctx(local.alice), draft({ description: 'Feu de poubelle quai Brûlé' }), {
      requireShift: false,
    });
    await replicateAll();
    expect((await searchRoom(admin, { text: 'poub' }, now)).total).toBe(1);
    expect((await searchRoom(admin, { text: 'brule' }, now)).total).toBe(1);
    // A prefix no word of the room starts with finds nothing.
    expect((await searchRoom(admin, { text: 'qzx' }, now)).total).toBe(0);
  });
});
