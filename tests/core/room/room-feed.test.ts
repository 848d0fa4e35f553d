import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomFeed, touchedEntries, type RoomFeedRecord } from '../../../src-main/core/room/room-feed';
import { RoomViews } from '../../../src-main/core/room/room-views';
import { ctx, draft, quietLogs } from '../logbook/logbook-support';
import { startRoom, waitFor, type TestRoom, type TestSeat } from './room-seats';

let room: TestRoom;
let a: TestSeat;
let b: TestSeat;

function write(seat: TestSeat, description: string): number {
  const detail = seat.store.createEntry(ctx(seat.alice, new Date(), seat.name), draft({ description }), {
    requireShift: true,
  });
  seat.replicator.kick();
  return detail.entry.id;
}

beforeAll(async () => {
  quietLogs();
  room = await startRoom(['poste-a', 'poste-b']);
  [a, b] = room.seats as [TestSeat, TestSeat];
  for (const seat of room.seats) seat.store.openShift(ctx(seat.alice, new Date(), seat.name));
  for (const seat of room.seats) await seat.replicated();
});

afterAll(async () => {
  await room?.close();
});

describe('room feed', () => {
  it('delivers an entry written on seat A to the feed of seat B, and ignores what a notification claims', async () => {
    const feed = new RoomFeed({ connection: b.connection, pollIntervalMs: 0 });
    const got: RoomFeedRecord[] = [];
    feed.onRecords((records) => got.push(...records));
    feed.start();
    await waitFor('feed listening', () => feed.status().state === 'listening');
    // Started "now": the shifts already replicated are not replayed.
    expect(got).toEqual([]);
    expect(feed.status().lastSeen).toEqual({ 'poste-a': 1, 'poste-b': 1 });

    const id = write(a, 'Rixe signalée place du marché');
    await waitFor('the record on seat B', () => got.length === 1);
    expect(got[0]).toMatchObject({ seat: 'poste-a', seq: 2, kind: 'entry', refId: id });
    expect(JSON.parse(got[0]!.rowJson)).toMatchObject({ description: 'Rixe signalée place du marché' });
    const views = new RoomViews(b.connection);
    expect(await views.entries(touchedEntries(got))).toMatchObject([
      { seat: 'poste-a', id, description: 'Rixe signalée place du marché' },
    ]);
    await views.stop();

    // Forged notifications (anyone may NOTIFY) carry no content and make nothing appear.
    await room.cluster.query(
      `SELECT pg_notify('vigie_room', '{"workstation":"poste-a","seq":99}'),
              pg_notify('vigie_room', '{"workstation":"poste-b","seq":1}'),
              pg_notify('vigie_room', 'DROP TABLE chain_records')`,
      [],
      'room',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(got).toHaveLength(1);
    expect(feed.status()).toMatchObject({ connected: true, lastError: null, delivered: 1 });
    await feed.stop();
    expect(feed.status().state).toBe('stopped');
  });

  it('catches up by sequence after a PostgreSQL stop and restart: nothing lost, nothing twice', async () => {
    const feed = new RoomFeed({
      connection: b.connection,
      from: {},
      pollIntervalMs: 0,
      retry: { initialMs: 100, maxMs: 500 },
    });
    const got: RoomFeedRecord[] = [];
    feed.onRecords((records) => got.push(...records));
    feed.start();
    let writing = true;
    let written = 0;
    const loop = (async () => {
      while (writing) {
        write(written % 2 === 0 ? a : b, `entrée ${written} pendant la coupure`);
        written += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await waitFor('records before the cut', () => got.length > 10);
    await room.cluster.stopServer();
    await waitFor('feed sees the cut', () => feed.status().state === 'retrying', 10_000);
    expect(feed.status()).toMatchObject({ connected: false, lastErrorCode: 'room-unreachable' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await room.cluster.startServer();
    await new Promise((resolve) => setTimeout(resolve, 500));
    writing = false;
    await loop;
    for (const seat of room.seats) await seat.replicated();
    const heads = Object.fromEntries(room.seats.map((seat) => [seat.name, seat.store.chain.head()!.seq]));
    await waitFor('feed caught up', () =>
      room.seats.every((seat) => feed.status().lastSeen[seat.name] === heads[seat.name]),
    );
    expect(feed.status()).toMatchObject({ state: 'listening', connected: true });
    for (const seat of room.seats) {
      const seqs = got.filter((r) => r.seat === seat.name).map((r) => r.seq);
      // Every record of the seat, from #1, once each, in order.
      expect(seqs).toEqual(Array.from({ length: heads[seat.name]! }, (_, i) => i + 1));
      const hashes = got.filter((r) => r.seat === seat.name).map((r) => r.hash);
      expect(hashes.at(-1)).toBe(seat.store.chain.head()!.hash);
    }
    expect(got.filter((r) => r.kind === 'entry')).toHaveLength(written + 1);
    await feed.stop();
  });
});
