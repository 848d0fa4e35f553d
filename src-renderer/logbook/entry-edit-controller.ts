import { amendFormFor, checkAmendForm } from './entry-form';
import { LogbookArea, type AreaContext } from './logbook-area';
import type { ShiftController } from './shift-controller';

/** What is added to a written entry: amendments (with their reason) and follow-ups. */
export class EntryEditController extends LogbookArea {
  constructor(
    context: AreaContext,
    private readonly shift: ShiftController,
  ) {
    super(context);
  }

  startAmend(): void {
    const detail = this.state.detail;
    if (!detail) return;
    this.state.setFollowUp(null);
    this.state.setAmend({
      entryId: detail.entry.id,
      form: amendFormFor(detail.entry),
      saving: false,
      error: null,
      problem: null,
    });
  }

  async submitAmend(): Promise<void> {
    const amend = this.state.amend;
    const detail = this.state.detail;
    if (!amend || amend.saving || detail?.entry.id !== amend.entryId) return;
    const checked = checkAmendForm(amend.form, detail.entry);
    if (!checked.ok) {
      this.state.setAmendState({ problem: checked.problem, error: null });
      return;
    }
    this.state.setAmendState({ saving: true, error: null, problem: null });
    const result = await this.client.call('logbook.amend', {
      entryId: amend.entryId,
      reason: checked.reason,
      changes: checked.changes,
    });
    if (!result.ok) {
      this.state.setAmendState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.setAmend(null);
    this.state.entryChanged(result.value);
  }

  startFollowUp(): void {
    const detail = this.state.detail;
    if (!detail) return;
    this.state.setAmend(null);
    this.state.setFollowUp({
      entryId: detail.entry.id,
      note: '',
      status: detail.entry.status,
      actions: [],
      saving: false,
      error: null,
      problem: null,
    });
  }

  async submitFollowUp(): Promise<void> {
    const followUp = this.state.followUp;
    if (!followUp || followUp.saving) return;
    const note = followUp.note.trim();
    if (!note) {
      this.state.setFollowUpState({ problem: 'noteRequired' });
      return;
    }
    this.state.setFollowUpState({ saving: true, error: null, problem: null });
    const result = await this.client.call('logbook.followUp', {
      entryId: followUp.entryId,
      note,
      status: followUp.status,
      actions: followUp.actions,
    });
    if (!result.ok) {
      this.state.setFollowUpState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.setFollowUp(null);
    this.state.entryChanged(result.value);
    await this.shift.refresh();
  }
}
