import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomShiftState } from '../../../src-shared/contract';
import { RoomViews } from '../../../src-main/core/room/room-views';
import { ctx, quietLogs } from '../logbook/logbook-support';
import { startRoom, waitFor, type TestRoom, type TestSeat } from './room-seats';

/**
 * How the room counts acknowledgements written at other seats (`room_acknowledgement` records),
 * from real seats' stores and replicators on a real PostgreSQL: one that names another record's
 * hash does not count; when two seats took the same handover (the server away, each seat wrote
 * locally first), the earliest counts, and both stay in their seats' chains.
 */

let room: TestRoom;
let views: RoomViews;
let a: TestSeat;
let handoverId: number;

const handoverState = async (): Promise<RoomShiftState['seats'][number]> =>
  (await views.shiftState(new Date())).seats.find((seat) => seat.seat === 'poste-a')!;

beforeAll(async () => {
  quietLogs();
  room = await startRoom(['poste-a', 'poste-b', 'poste-c', 'poste-d']);
  a = room.seats[0]!;
  views = new RoomViews(a.connection);
}, 120_000);

afterAll(async () => {
  await views?.stop();
  await room?.close();
});

describe('acknowledgements from other seats, as the room counts them', () => {
  it('ignores a wrong hash, counts the earliest of two, and every chain still verifies', async () => {
    const t0 = Date.now();
    a.store.openShift(ctx(a.alice, new Date(t0), a.name));
    const handover = a.store.handover(ctx(a.alice, new Date(t0), a.name), 'Relève', [], false);
    handoverId = handover.id;
    await a.replicated();
    const { hash } = await views.handoverToTakeOver('poste-a', handover.id);
    const [b, c, d] = room.seats.slice(1) as [TestSeat, TestSeat, TestSeat];
    const take = (seat: TestSeat, at: number, recordHash: string) =>
      seat.store.acknowledgeRoomHandover(
        ctx(seat.bruno, new Date(at), seat.name),
        { seat: 'poste-a', id: handover.id, hash: recordHash, operatorBadge: 'A100' },
        `depuis ${seat.name}`,
      );
    take(b, t0 + 1000, 'f'.repeat(64));
    await b.replicated();
    expect((await handoverState()).pendingHandover?.id).toBe(handover.id);

    const late = take(c, t0 + 3000, hash);
    const early = take(d, t0 + 2000, hash);
    await c.replicated();
    await d.replicated();
    await waitFor('the takeover counted', async () => (await handoverState()).pendingHandover === null);
    const state = await handoverState();
    expect(state.lastHandover?.acknowledgement).toEqual({
      seat: 'poste-d',
      id: early.acknowledgementId,
      at: early.acknowledgedAt,
      operator: { id: d.bruno.id, badge: 'B200', name: 'Bruno Petit' },
      remark: 'depuis poste-d',
      newShiftId: early.shift.id,
    });
    expect(late.shift.workstation).toBe('poste-c');
    await expect(views.handoverToTakeOver('poste-a', handover.id)).rejects.toMatchObject({
      code: 'conflict',
    });
    for (const seat of room.seats) expect(seat.store.chain.verify()).toMatchObject({ ok: true });
  });

  it('refuses, at the seat itself, a second acknowledgement of the same handover and its author', () => {
    const b = room.seats[1]!;
    expect(() =>
      b.store.acknowledgeRoomHandover(
        ctx(b.chef, new Date(), b.name),
        { seat: 'poste-a', id: handoverId, hash: 'f'.repeat(64), operatorBadge: 'A100' },
        '',
      ),
    ).toThrow(expect.objectContaining({ code: 'conflict', wording: { reason: 'handover-acknowledged' } }));
    const free = room.seats[0]!;
    expect(() =>
      free.store.acknowledgeRoomHandover(
        ctx(free.bruno, new Date(), free.name),
        { seat: 'poste-z', id: 7, hash: 'f'.repeat(64), operatorBadge: 'b200' },
        '',
      ),
    ).toThrow(expect.objectContaining({ code: 'self-acknowledge' }));
  });

  it('names the counted takeover as a proof, and poste-a opens after it only with that proof', async () => {
    const d = room.seats[3]!;
    const proof = await views.handoverTakeover('poste-a', handoverId);
    const ack = (await handoverState()).lastHandover!.acknowledgement!;
    expect(proof).toEqual({
      handoverId,
      seat: 'poste-d',
      acknowledgementId: ack.id,
      hash: d.store.chain.link('room_acknowledgement', ack.id)!.hash,
      at: ack.at,
      operator: ack.operator,
    });
    expect(await views.handoverTakeover('poste-a', 999)).toBeNull();
    expect(await views.handoverTakeover('poste-b', handoverId)).toBeNull();
    const open = (takeover?: NonNullable<typeof proof>) =>
      a.store.openShift(ctx(a.bruno, new Date(), a.name), takeover);
    // No proof, a proof of another handover, or one naming this very seat: still pending.
    for (const wrong of [
      undefined,
      { ...proof!, handoverId: handoverId + 1 },
      { ...proof!, seat: 'poste-a' },
    ]) {
      expect(() => open(wrong)).toThrow(expect.objectContaining({ code: 'handover-pending' }));
    }
    const shift = open(proof!);
    expect(shift.previousHandoverId).toBe(handoverId);
    expect(a.store.chain.link('handover_takeover', 1)).not.toBeNull();
    expect(a.store.chain.verify()).toMatchObject({ ok: true });
    // Once open, the proof opens nothing more.
    expect(() => open(proof!)).toThrow(expect.objectContaining({ code: 'shift-open' }));
  });
});
