import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Handover,
  RoomAcknowledgeResult,
  RoomShiftState,
  ShiftCurrent,
} from '../../../src-shared/contract';
import { logbookChain } from '../../../src-main/core/logbook/logbook-chain';
import { openLogbookDatabase } from '../../../src-main/core/logbook/logbook-db';
import { LocalChainReader } from '../../../src-main/core/room/local-chain-reader';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';
import { apiCall, apiValue } from '../../support/api-calls';
import { waitFor, type Harness, type TestClient } from '../../support/core-harness';
import { HandoverRoom, login, PIN, seatOf, synced } from './room-handover-support';
import { ctx, draft, quietLogs, scratchStore } from '../logbook/logbook-support';

/**
 * Handover across seats (issue 13), through real cores on one real PostgreSQL, each seat its
 * own data dir and SQLite logbook: seat poste-1 hands over with a consigne and an entry en
 * cours; poste-2's operator sees it in `room.shifts` and takes it over with `room.acknowledge`;
 * the room then counts that acknowledgement for poste-1's handover, both chains verify, and
 * every other attempt is refused with its reason.
 */

let room: HandoverRoom;
let seatA: TestClient;
let seatB: TestClient;
let seatC: TestClient;
let harnessB: Harness;
let handover: Handover;

beforeAll(async () => {
  quietLogs();
  room = await HandoverRoom.start('vigie-room-handover-');
  seatA = (await room.seat('poste-1')).client;
  await apiValue(seatA, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: PIN });
  for (const [badge, name] of [
    ['OP2', 'Bruno Bernard'],
    ['OP3', 'Chloé Costa'],
  ] as const)
    await apiValue(seatA, 'operators.add', { badge, name, role: 'operator', pin: PIN });
  await apiValue(seatA, 'shifts.open', {});
  await apiValue(seatA, 'logbook.create', {
    observedAt: new Date(Date.now() - 60_000).toISOString(),
    category: 'rixe',
    commune: 'Vigieville',
    description: 'Rixe devant la gare, patrouille en route',
    status: 'en cours',
  });
  handover = await apiValue<Handover>(seatA, 'shifts.handover', {
    note: 'Nuit calme sauf la gare',
    consignes: [{ text: 'Surveiller la sortie du stade', expiresAt: null }],
  });
  const b = await room.seat('poste-2');
  harnessB = b.harness;
  seatB = b.client;
  seatC = (await room.seat('poste-3')).client;
  await synced(seatB);
  await synced(seatC);
  await login(seatB, 'OP2');
  await login(seatC, 'OP3');
}, 120_000);

afterAll(async () => {
  await room?.stop();
});

describe('handover across seats', () => {
  it('shows poste-1’s pending handover, consignes and suivis to the other seats', async () => {
    const state = await waitFor('poste-1’s handover in the room', async () => {
      const s = await apiValue<RoomShiftState>(seatB, 'room.shifts', {});
      return seatOf(s, 'poste-1').pendingHandover ? s : undefined;
    });
    const pending = seatOf(state, 'poste-1').pendingHandover!;
    expect(pending).toMatchObject({
      seat: 'poste-1',
      id: handover.id,
      note: 'Nuit calme sauf la gare',
      operator: { badge: 'ADM1' },
      consignes: [{ text: 'Surveiller la sortie du stade' }],
      acknowledgement: null,
    });
    expect(pending.openIncidents.map((e) => [e.seat, e.description])).toEqual([
      ['poste-1', 'Rixe devant la gare, patrouille en route'],
    ]);
    expect(seatOf(state, 'poste-1').shift).toBeNull();
    expect(seatOf(state, 'poste-2')).toMatchObject({ shift: null, pendingHandover: null });
    expect(state.consignes.map((c) => [c.seat, c.text])).toEqual([
      ['poste-1', 'Surveiller la sortie du stade'],
    ]);
    expect(state.openIncidents.map((e) => e.seat)).toEqual(['poste-1']);
  });

  it('refuses an unknown seat or handover, and a seat taking over its own handover', async () => {
    expect(
      await apiCall(seatB, 'room.acknowledge', { seat: 'poste-9', handoverId: handover.id }),
    ).toMatchObject({ ok: false, error: { code: 'not-found', reason: 'room-seat-unknown' } });
    expect(await apiCall(seatB, 'room.acknowledge', { seat: 'poste-1', handoverId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found', reason: 'handover-unknown' },
    });
    expect(
      await apiCall(seatA, 'room.acknowledge', { seat: 'poste-1', handoverId: handover.id }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'handover-own-seat' } });
  });

  it('refuses the operator who wrote the handover, whatever the seat', async () => {
    await apiValue(seatB, 'session.logout', {});
    await login(seatB, 'ADM1');
    const refused = await apiCall(seatB, 'room.acknowledge', { seat: 'poste-1', handoverId: handover.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'self-acknowledge' } });
    await apiValue(seatB, 'session.logout', {});
    await login(seatB, 'OP2');
    // Nothing was written at poste-2: still no shift.
    expect((await apiValue<ShiftCurrent>(seatB, 'shifts.current', {})).shift).toBeNull();
  });

  it('refuses a seat whose operator is already on shift', async () => {
    await apiValue(seatC, 'shifts.open', {});
    const refused = await apiCall(seatC, 'room.acknowledge', { seat: 'poste-1', handoverId: handover.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'shift-open' } });
  });

  it('lets poste-2’s operator take it over: acknowledgement and shift in poste-2’s chain', async () => {
    const result = await apiValue<RoomAcknowledgeResult>(seatB, 'room.acknowledge', {
      seat: 'poste-1',
      handoverId: handover.id,
      remark: 'Relève prise depuis le poste 2',
    });
    expect(result.shift).toMatchObject({
      workstation: 'poste-2',
      operator: { badge: 'OP2' },
      closedAt: null,
    });
    expect(result.handover).toMatchObject({
      seat: 'poste-1',
      id: handover.id,
      acknowledgement: {
        seat: 'poste-2',
        operator: { badge: 'OP2' },
        remark: 'Relève prise depuis le poste 2',
        newShiftId: result.shift.id,
      },
    });
    const current = await apiValue<ShiftCurrent>(seatB, 'shifts.current', {});
    expect(current.shift?.id).toBe(result.shift.id);
    // A retry is refused, never written twice.
    const again = await apiCall(seatB, 'room.acknowledge', { seat: 'poste-1', handoverId: handover.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'handover-acknowledged' } });

    const state = await waitFor('the takeover counted in the room', async () => {
      const s = await apiValue<RoomShiftState>(seatA, 'room.shifts', {});
      return seatOf(s, 'poste-2').shift ? s : undefined;
    });
    const seat1 = seatOf(state, 'poste-1');
    expect(seat1.pendingHandover).toBeNull();
    expect(seat1.shift).toBeNull();
    expect(seat1.lastHandover?.acknowledgement).toEqual({
      ...result.handover.acknowledgement,
      seat: 'poste-2',
    });
    expect(seatOf(state, 'poste-2').shift).toMatchObject({ id: result.shift.id, operator: { badge: 'OP2' } });
    // The consignes and suivis stay the room's.
    expect(state.consignes.map((c) => [c.seat, c.text])).toEqual([
      ['poste-1', 'Surveiller la sortie du stade'],
    ]);
    expect(state.openIncidents.map((e) => [e.seat, e.description])).toEqual([
      ['poste-1', 'Rixe devant la gare, patrouille en route'],
    ]);
  });

  it('refuses a second takeover from a third seat once the room holds the first', async () => {
    const refused = await apiCall(seatC, 'room.acknowledge', { seat: 'poste-1', handoverId: handover.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'handover-acknowledged' },
    });
  });

  it('keeps poste-2’s local chain and every replica verifiable', async () => {
    await room.expectVerified(harnessB, 'poste-2');
  });

  it('refuses clearly when the room cannot be reached, and writes nothing', async () => {
    const { client } = await room.seat('poste-3', 1);
    await apiValue(client, 'operators.bootstrapAdmin', { name: 'Dora Dupont', badge: 'ADM4', pin: PIN });
    const refused = await apiCall(client, 'room.acknowledge', { seat: 'poste-1', handoverId: handover.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable', reason: 'room-unreachable' } });
    expect((await apiValue<ShiftCurrent>(client, 'shifts.current', {})).shift).toBeNull();
  });
});

describe('a seat without a room section', () => {
  it('refuses room.shifts and room.acknowledge as not configured', async () => {
    const { client } = await room.core({ version: 1 });
    await apiValue(client, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: PIN });
    for (const [method, params] of [
      ['room.shifts', {}],
      ['room.acknowledge', { seat: 'poste-1', handoverId: 1 }],
    ] as const) {
      expect(await apiCall(client, method, params)).toMatchObject({
        ok: false,
        error: { code: 'unsupported', reason: 'room-not-configured' },
      });
    }
  });
});

describe('a logbook file of schema version 1 (before room acknowledgements)', () => {
  it('still verifies read-only and replicates: the new kind’s table is simply absent', () => {
    const seat = scratchStore();
    try {
      seat.store.openShift(ctx(seat.alice, new Date()));
      seat.store.createEntry(ctx(seat.alice, new Date()), draft({ description: 'Avant la version 2' }), {
        requireShift: true,
      });
      const head = seat.store.chain.head();
      seat.store.close();
      // What a Vigie of schema version 1 left: no room_acknowledgements table.
      const raw = openSqlite(seat.file);
      raw.exec('DROP TABLE room_acknowledgements');
      raw.pragma('user_version = 1');
      raw.close();
      const db = openLogbookDatabase(seat.file, { readonly: true });
      try {
        expect(logbookChain(db).verify()).toEqual({ ok: true, records: head!.seq, head });
      } finally {
        db.close();
      }
      const reader = LocalChainReader.open(seat.file);
      try {
        expect(reader.after(0, 100).map((record) => record.kind)).toEqual(['shift', 'entry']);
      } finally {
        reader.close();
      }
    } finally {
      seat.cleanup();
    }
  });
});
