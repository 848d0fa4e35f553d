import type { Handover, RoomHandover, RoomShiftState } from '../../src-shared/contract';
import { consignesFromForm } from './entry-form';
import { LogbookArea } from './logbook-area';

/** The key of another seat's handover in the store's remarks. */
export const roomHandoverKey = (seat: string, id: number): string => `${seat}/${id}`;

/**
 * This seat's waiting handover (`pending`, local) as the room reads it when the room counts it
 * taken over at another seat, else null: then the window offers no « Acquitter », and
 * `shifts.open` opens after it (the core asks the room again). Null without a room state, for
 * another handover than the room's last one of this seat, or one acknowledged at this seat.
 */
export function takenElsewhere(
  pending: Handover | null,
  here: string | null,
  roomShifts: RoomShiftState | null,
): RoomHandover | null {
  if (!pending || !here) return null;
  const last = roomShifts?.seats.find((seat) => seat.seat === here)?.lastHandover ?? null;
  if (last?.id !== pending.id) return null;
  const ack = last.acknowledgement;
  return ack && ack.seat !== here ? last : null;
}

/**
 * The shift and its handover: open a shift, write and acknowledge a handover, shift reports;
 * with a room, every seat's handover state and taking over another seat's handover.
 */
export class ShiftController extends LogbookArea {
  async refresh(): Promise<void> {
    const [result] = await Promise.all([this.client.call('shifts.current', {}), this.refreshRoom()]);
    if (result.ok) this.state.setShiftCurrent(result.value);
  }

  /**
   * The room's handover state, when this seat has a room and the shift section is on screen
   * (the session poll refreshes it every 5 s there, and only there: it costs the room's server a
   * few queries per seat). A failure keeps the last state read and says why: the local shift
   * screen works without the room.
   */
  async refreshRoom(): Promise<void> {
    if (this.state.view !== 'shift') return;
    if (this.state.room?.configured !== true) {
      if (this.state.roomShifts || this.state.roomShiftsError) this.state.setRoomShifts(null);
      return;
    }
    const result = await this.client.call('room.shifts', {});
    if (result.ok) this.state.setRoomShifts(result.value);
    else this.state.setRoomShifts(this.state.roomShifts, result.error);
  }

  /**
   * Takes over another seat's pending handover (`room.acknowledge`): the core reads it from the
   * room, then records the acknowledgement and opens this seat's shift in its own chain.
   */
  async acknowledgeRoom(seat: string, handoverId: number): Promise<void> {
    const key = roomHandoverKey(seat, handoverId);
    this.state.setShiftStatus(true);
    const result = await this.client.call('room.acknowledge', {
      seat,
      handoverId,
      remark: (this.state.roomAckRemarks[key] ?? '').trim(),
    });
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (!result.ok) {
      this.afterError(result.error);
      await this.refreshRoom();
      return;
    }
    this.state.setRoomAckRemark(key, '');
    this.state.handoverAcknowledged(result.value.handover);
    await this.refresh();
  }

  async open(): Promise<void> {
    this.state.setShiftStatus(true);
    const result = await this.client.call('shifts.open', {});
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (!result.ok) this.afterError(result.error);
    await this.refresh();
  }

  async submitHandover(): Promise<void> {
    const form = this.state.handoverForm;
    if (!form || form.saving) return;
    const consignes = consignesFromForm(form.consignes);
    if (!consignes) {
      this.state.setHandoverState({ problem: 'emptyConsigne' });
      return;
    }
    this.state.setHandoverState({ saving: true, error: null });
    const result = await this.client.call('shifts.handover', { note: form.note.trim(), consignes });
    if (!result.ok) {
      this.state.setHandoverState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.handoverWritten(result.value);
    await this.refresh();
  }

  async acknowledge(handoverId: number): Promise<void> {
    this.state.setShiftStatus(true);
    const result = await this.client.call('shifts.acknowledge', {
      handoverId,
      remark: this.state.ackRemark.trim(),
    });
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (!result.ok) {
      this.afterError(result.error);
      return;
    }
    this.state.handoverAcknowledged(result.value.handover);
    await this.refresh();
  }

  async loadRecent(): Promise<void> {
    const result = await this.client.call('shifts.list', { limit: 20 });
    if (result.ok) this.state.setRecentShifts(result.value);
  }

  async showReport(shiftId: number): Promise<void> {
    const result = await this.client.call('shifts.report', { shiftId });
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (result.ok) this.state.setReport(result.value);
    else this.afterError(result.error);
  }

  async downloadReportPdf(shiftId: number): Promise<void> {
    this.state.setShiftStatus(true);
    const result = await this.client.call('shifts.reportPdf', { shiftId });
    this.state.setShiftStatus(false, result.ok ? null : result.error);
    if (!result.ok) {
      this.afterError(result.error);
      return;
    }
    this.deps.download({ ...result.value, encoding: 'base64' });
    this.state.notify('report.downloaded', { file: result.value.fileName });
  }
}
