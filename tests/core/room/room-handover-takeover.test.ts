import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Handover,
  RoomAcknowledgeResult,
  RoomSeatShift,
  RoomShiftState,
  Shift,
  ShiftCurrent,
  ShiftReport,
} from '../../../src-shared/contract';
import { LocalChainReader } from '../../../src-main/core/room/local-chain-reader';
import { apiCall, apiValue } from '../../support/api-calls';
import { waitFor, type Harness, type TestClient } from '../../support/core-harness';
import { HandoverRoom, login, PIN, seatOf, synced } from './room-handover-support';
import { quietLogs } from '../logbook/logbook-support';

/**
 * The seat that handed over learns its handover was taken over at another seat (issue 13):
 * poste-1 hands over, poste-3 takes it over with `room.acknowledge`; poste-1's next operator
 * then opens a shift without acknowledging it again, the room's takeover recorded as the proof
 * in poste-1's chain (`handover_takeover`) and the new shift naming the handover as its
 * previous one. With the room's server stopped, poste-1 refuses as before and the local
 * acknowledgement still works. Real cores, real SQLite, one real PostgreSQL.
 */

let room: HandoverRoom;
let harnessA: Harness;
let seatA: TestClient;
let seatB: TestClient;
let seatC: TestClient;
let first: Handover;
let taken: RoomAcknowledgeResult;

async function relog(client: TestClient, badge: string): Promise<void> {
  await apiValue(client, 'session.logout', {});
  await login(client, badge);
}

/** Waits until poste-1's room state shows handover `id` taken over at `by`. */
async function takenOverInRoom(id: number, by: string): Promise<RoomSeatShift> {
  return waitFor(`poste-1’s handover ${id} taken over at ${by}`, async () => {
    const seat = seatOf(await apiValue<RoomShiftState>(seatA, 'room.shifts', {}), 'poste-1');
    return seat.lastHandover?.id === id && seat.lastHandover.acknowledgement?.seat === by ? seat : undefined;
  });
}

/** The kinds of the last `n` records of poste-1's local chain, oldest first. */
function lastKinds(n: number): string[] {
  const head = harnessA.core.logbookService!.logbookStore!.chain.head()!.seq;
  const reader = LocalChainReader.open(harnessA.core.logbookService!.databasePath);
  try {
    return reader.after(head - n, n).map((record) => record.kind);
  } finally {
    reader.close();
  }
}

beforeAll(async () => {
  quietLogs();
  room = await HandoverRoom.start('vigie-room-takeover-');
  const a = await room.seat('poste-1');
  harnessA = a.harness;
  seatA = a.client;
  await apiValue(seatA, 'operators.bootstrapAdmin', { name: 'Ada Admin', badge: 'ADM1', pin: PIN });
  for (const [badge, name] of [
    ['OP2', 'Bruno Petit'],
    ['OP3', 'Chloé Costa'],
  ] as const)
    await apiValue(seatA, 'operators.add', { badge, name, role: 'operator', pin: PIN });
  await apiValue(seatA, 'shifts.open', {});
  first = await apiValue<Handover>(seatA, 'shifts.handover', {
    note: 'Relève à prendre au poste 3',
    consignes: [{ text: 'Rappeler la police municipale', expiresAt: null }],
  });
  seatB = (await room.seat('poste-2')).client;
  seatC = (await room.seat('poste-3')).client;
  await synced(seatB);
  await synced(seatC);
  await login(seatC, 'OP2');
  await waitFor('poste-1’s handover in the room', async () => {
    const s = await apiValue<RoomShiftState>(seatC, 'room.shifts', {});
    return seatOf(s, 'poste-1').pendingHandover?.id === first.id ? s : undefined;
  });
  taken = await apiValue<RoomAcknowledgeResult>(seatC, 'room.acknowledge', {
    seat: 'poste-1',
    handoverId: first.id,
  });
}, 120_000);

afterAll(async () => {
  await room?.stop();
});

describe('a seat whose handover was taken over at another seat', () => {
  it('sees the takeover in its room state, while its local logbook still lists the handover', async () => {
    const seat = await takenOverInRoom(first.id, 'poste-3');
    expect(seat.pendingHandover).toBeNull();
    expect(seat.lastHandover?.acknowledgement).toMatchObject({
      seat: 'poste-3',
      id: taken.handover.acknowledgement!.id,
      operator: { badge: 'OP2', name: 'Bruno Petit' },
      newShiftId: taken.shift.id,
    });
    await relog(seatA, 'OP3');
    const local = await apiValue<ShiftCurrent>(seatA, 'shifts.current', {});
    expect(local.shift).toBeNull();
    expect(local.pendingHandover?.id).toBe(first.id);
  });

  it('opens its next shift without a local acknowledgement, after the handover taken over', async () => {
    const shift = await apiValue<Shift>(seatA, 'shifts.open', {});
    expect(shift).toMatchObject({
      workstation: 'poste-1',
      operator: { badge: 'OP3' },
      previousHandoverId: first.id,
      closedAt: null,
    });
    // The proof, then the shift, in poste-1's chain; no acknowledgement record.
    expect(lastKinds(2)).toEqual(['handover_takeover', 'shift']);
    const current = await apiValue<ShiftCurrent>(seatA, 'shifts.current', {});
    expect(current.shift?.id).toBe(shift.id);
    expect(current.pendingHandover).toBeNull();
    // The old shift's report says who took its handover over, and when.
    const report = await apiValue<ShiftReport>(seatA, 'shifts.report', { shiftId: first.shiftId });
    expect(report.handover?.acknowledgement).toMatchObject({
      at: taken.handover.acknowledgement!.at,
      operator: { badge: 'OP2', name: 'Bruno Petit' },
      newShiftId: shift.id,
    });
    // A local acknowledgement of that handover is refused now, never written.
    await relog(seatA, 'ADM1');
    expect(await apiCall(seatA, 'shifts.acknowledge', { handoverId: first.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'handover-acknowledged' },
    });
    await relog(seatA, 'OP3');
    // The room sees poste-1's new shift; the takeover still counts for the handover.
    const state = await waitFor('poste-1’s new shift in the room', async () => {
      const s = await apiValue<RoomShiftState>(seatC, 'room.shifts', {});
      return seatOf(s, 'poste-1').shift?.id === shift.id ? s : undefined;
    });
    expect(seatOf(state, 'poste-1').lastHandover?.acknowledgement?.seat).toBe('poste-3');
    expect(seatOf(state, 'poste-3').shift?.id).toBe(taken.shift.id);
  });

  it('keeps poste-1’s local chain and every replica verifiable', async () => {
    await room.expectVerified(harnessA, 'poste-1');
  });

  it('with the room’s server stopped, refuses as before and lets the handover be acknowledged here', async () => {
    const second = await apiValue<Handover>(seatA, 'shifts.handover', {
      note: 'Deuxième passation',
      consignes: [],
    });
    await login(seatB, 'ADM1');
    await waitFor('the second handover in the room', async () => {
      const s = await apiValue<RoomShiftState>(seatB, 'room.shifts', {});
      return seatOf(s, 'poste-1').pendingHandover?.id === second.id ? s : undefined;
    });
    await apiValue(seatB, 'room.acknowledge', { seat: 'poste-1', handoverId: second.id });
    await takenOverInRoom(second.id, 'poste-2');
    await room.cluster.stopServer();
    await relog(seatA, 'OP2');
    expect(await apiCall(seatA, 'shifts.open', {})).toMatchObject({
      ok: false,
      error: { code: 'handover-pending' },
    });
    expect((await apiValue<ShiftCurrent>(seatA, 'shifts.current', {})).shift).toBeNull();
    const acknowledged = await apiValue<{ handover: Handover; shift: Shift }>(seatA, 'shifts.acknowledge', {
      handoverId: second.id,
      remark: 'Serveur de la salle arrêté',
    });
    expect(acknowledged.shift).toMatchObject({ previousHandoverId: second.id, operator: { badge: 'OP2' } });
    expect(lastKinds(2)).toEqual(['acknowledgement', 'shift']);
    expect(harnessA.core.logbookService!.logbookStore!.chain.verify()).toMatchObject({ ok: true });
  });
});
