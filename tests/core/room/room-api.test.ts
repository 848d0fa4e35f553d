import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  RoomEntryDetail,
  RoomEntryView,
  RoomExportResult,
  RoomSearchResult,
  ServerMessage,
} from '../../../src-shared/contract';
import { initRoom } from '../../../src-main/core/room/room-init';
import { apiCall, apiValue } from '../../support/api-calls';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';
import { PostgresCluster } from '../../support/postgres-cluster';
import { testRoomSection } from '../../support/room-config';
import { quietLogs } from '../logbook/logbook-support';

/**
 * The room views as the API answers them, through two real cores (two seats, each its own data
 * dir and local logbook) on one real PostgreSQL: MC du jour, suivis en cours, search, entries by
 * ref, detail, export, and the `room-changed` push that names another seat's new entry.
 */

let cluster: PostgresCluster;
let dir: string;
const harnesses: Harness[] = [];
const clients: TestClient[] = [];
let seatA: TestClient;
let seatB: TestClient;

const PIN = '2468';

async function seatCore(seat: string): Promise<{ harness: Harness; client: TestClient }> {
  const harness = await startCore(
    { version: 1, room: testRoomSection(cluster.port, dir, seat) },
    { workstation: seat, roomReplication: { retry: { initialMs: 100, maxMs: 500 } } },
  );
  harnesses.push(harness);
  const client = await TestClient.connect(harness.endpoint);
  clients.push(client);
  return { harness, client };
}

function entry(description: string, status: 'en cours' | 'clos' = 'en cours') {
  return {
    observedAt: new Date(Date.now() - 60_000).toISOString(),
    category: 'rixe',
    commune: 'Vigieville',
    description,
    status,
  };
}

beforeAll(async () => {
  quietLogs();
  cluster = await PostgresCluster.start();
  await cluster.createDatabase('room');
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-room-api-'));
  await initRoom({ admin: cluster.superuser('room'), seats: ['poste-1', 'poste-2'], credentialsDir: dir });
  seatA = (await seatCore('poste-1')).client;
  await apiValue(seatA, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: PIN });
  await apiValue(seatA, 'shifts.open', {});
  await apiValue(seatA, 'logbook.create', entry('Échauffourée devant la gare'));
  seatB = (await seatCore('poste-2')).client;
  // One operator list for the room: ADM1, created at poste-1, logs in at poste-2.
  await waitFor(
    'ADM1 synced to poste-2',
    async () => {
      const status = await apiValue<{ needsBootstrap: boolean }>(seatB, 'session.status', {});
      return !status.needsBootstrap;
    },
    30_000,
  );
  await apiValue(seatB, 'session.login', { badge: 'ADM1', pin: PIN });
  await apiValue(seatB, 'shifts.open', {});
  await apiValue(seatB, 'logbook.create', entry('Accident rue Pasteur', 'clos'));
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close();
  for (const harness of harnesses) await harness.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('room views through the API', () => {
  it('MC du jour lists every seat, each entry saying its seat; a seat filter narrows it', async () => {
    const today = await waitFor('both seats in the room', async () => {
      const page = await apiValue<RoomSearchResult>(seatB, 'room.today', {});
      return page.total === 2 ? page : undefined;
    });
    expect(today.entries.map((e) => [e.seat, e.description])).toEqual([
      ['poste-2', 'Accident rue Pasteur'],
      ['poste-1', 'Échauffourée devant la gare'],
    ]);
    const mine = await apiValue<RoomSearchResult>(seatB, 'room.today', { seats: ['poste-1'] });
    expect(mine.entries.map((e) => e.seat)).toEqual(['poste-1']);
    const open = await apiValue<RoomSearchResult>(seatB, 'room.open', {});
    expect(open.entries.map((e) => [e.seat, e.status])).toEqual([['poste-1', 'en cours']]);
  });

  it('searches room-wide in French, accents ignored', async () => {
    const found = await apiValue<RoomSearchResult>(seatB, 'room.search', { text: 'echauffouree' });
    expect(found.entries.map((e) => [e.seat, e.id])).toEqual([['poste-1', 1]]);
    const none = await apiValue<RoomSearchResult>(seatB, 'room.search', { text: 'incendie' });
    expect(none.total).toBe(0);
    const bad = await apiCall(seatB, 'room.search', { text: 'x', cursor: 'not-a-cursor' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('reads another seat’s entry by ref and in detail, and refuses an unknown one', async () => {
    const [view] = await apiValue<RoomEntryView[]>(seatB, 'room.entries', {
      refs: [{ seat: 'poste-1', id: 1 }],
    });
    expect(view).toMatchObject({ seat: 'poste-1', id: 1, description: 'Échauffourée devant la gare' });
    const detail = await apiValue<RoomEntryDetail>(seatB, 'room.entry', { seat: 'poste-1', id: 1 });
    expect(detail).toMatchObject({ seat: 'poste-1', entry: { id: 1 }, original: { status: 'en cours' } });
    expect(detail.chain?.hash).toMatch(/^[0-9a-f]{64}$/);
    const missing = await apiCall(seatB, 'room.entry', { seat: 'poste-1', id: 99 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('pushes the ids of another seat’s new entry, which room.entries then reads', async () => {
    const before = seatB.messages.length;
    await apiValue(seatA, 'logbook.create', entry('Rixe place de la Mairie'));
    const pushed = await waitFor('a room-changed push at poste-2', () =>
      seatB.messages
        .slice(before)
        .find(
          (m): m is Extract<ServerMessage, { type: 'room-changed' }> =>
            m.type === 'room-changed' && m.refs.some((ref) => ref.seat === 'poste-1' && ref.id === 2),
        ),
    );
    // Ids only: the push carries no text of the entry.
    expect(JSON.stringify(pushed)).not.toContain('Mairie');
    const [view] = await apiValue<RoomEntryView[]>(seatB, 'room.entries', { refs: pushed.refs });
    expect(view).toMatchObject({ seat: 'poste-1', description: 'Rixe place de la Mairie' });
  });

  it('exports the room to CSV with a poste column, recorded in this seat’s chain', async () => {
    const result = await apiValue<RoomExportResult>(seatB, 'room.export', {
      filter: { preset: 'today' },
      requester: 'OPJ Martin',
      reason: 'Réquisition 42',
    });
    expect(result.entryCount).toBe(3);
    expect(result.fileName).toMatch(/^main-courante-salle-.*\.csv$/);
    const lines = result.content.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toContain('poste');
    expect(result.content).toContain('poste-1');
    expect(result.content).toContain('poste-2');
    expect(result.roomHeads.map((head) => head.seat)).toEqual(['poste-1', 'poste-2']);
    // The export is evidence at this seat: its record follows the local chain head.
    expect(result.chain.seq).toBe((result.chainHead?.seq ?? 0) + 1);
  });

  it('refuses readers who are not logged in', async () => {
    await apiValue(seatB, 'session.logout', {});
    const refused = await apiCall(seatB, 'room.today', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
  });
});

describe('a seat without a room section', () => {
  it('answers room methods with a clear room-not-configured refusal', async () => {
    const harness = await startCore({ version: 1 });
    harnesses.push(harness);
    const client = await TestClient.connect(harness.endpoint);
    clients.push(client);
    await apiValue(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: PIN });
    for (const method of ['room.today', 'room.open', 'room.search']) {
      expect(await apiCall(client, method, {})).toMatchObject({
        ok: false,
        error: { code: 'unsupported', reason: 'room-not-configured' },
      });
    }
  });
});
