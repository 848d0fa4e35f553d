import { consignesFromForm } from './entry-form';
import { LogbookArea } from './logbook-area';

/** The shift and its handover: open a shift, write and acknowledge a handover, shift reports. */
export class ShiftController extends LogbookArea {
  async refresh(): Promise<void> {
    const result = await this.client.call('shifts.current', {});
    if (result.ok) this.state.setShiftCurrent(result.value);
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
