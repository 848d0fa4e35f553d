import { describe, expect, it } from 'vitest';
import type { Handover, RoomHandover, RoomShiftState } from '../../../src-shared/contract';
import { takenElsewhere } from '../../../src-renderer/logbook/shift-controller';

/**
 * When the shift section says « Relève prise au poste … » instead of offering « Acquitter »
 * (issue 13): only for this seat's waiting handover, when the room's last handover of this
 * seat is that one and another seat acknowledged it.
 */

const handover = (id: number): Handover => ({
  id,
  shiftId: id,
  writtenAt: '2025-03-01T05:00:00.000Z',
  operator: { id: 1, badge: 'ADM1', name: 'Ada Admin' },
  note: 'Relève',
  consignes: [],
  openIncidents: [],
  entryCount: 0,
  chainHead: null,
  acknowledgement: null,
});

const roomHandover = (id: number, ackSeat: string | null): RoomHandover => ({
  ...handover(id),
  seat: 'poste-1',
  openIncidents: [],
  acknowledgement: ackSeat
    ? {
        seat: ackSeat,
        id: 3,
        at: '2025-03-01T06:00:00.000Z',
        operator: { id: 2, badge: 'OP2', name: 'Bruno Petit' },
        remark: '',
        newShiftId: 4,
      }
    : null,
});

const state = (last: RoomHandover | null): RoomShiftState => ({
  seats: [{ seat: 'poste-1', shift: null, pendingHandover: null, lastHandover: last, consignes: [] }],
  consignes: [],
  openIncidents: [],
});

describe('takenElsewhere', () => {
  it('names the room’s handover when another seat took this seat’s waiting one over', () => {
    const taken = roomHandover(7, 'poste-3');
    expect(takenElsewhere(handover(7), 'poste-1', state(taken))).toBe(taken);
  });

  it('is null otherwise: no room, another handover, nobody yet, or this seat’s own acknowledgement', () => {
    expect(takenElsewhere(handover(7), 'poste-1', null)).toBeNull();
    expect(takenElsewhere(handover(7), null, state(roomHandover(7, 'poste-3')))).toBeNull();
    expect(takenElsewhere(null, 'poste-1', state(roomHandover(7, 'poste-3')))).toBeNull();
    expect(takenElsewhere(handover(8), 'poste-1', state(roomHandover(7, 'poste-3')))).toBeNull();
    expect(takenElsewhere(handover(7), 'poste-1', state(roomHandover(7, null)))).toBeNull();
    expect(takenElsewhere(handover(7), 'poste-1', state(roomHandover(7, 'poste-1')))).toBeNull();
    expect(takenElsewhere(handover(7), 'poste-2', state(roomHandover(7, 'poste-3')))).toBeNull();
  });
});
