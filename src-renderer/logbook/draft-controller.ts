import type { LogbookDraft } from '../../src-shared/contract';
import { blankEntryForm, checkEntryForm, entryFormFromDraft, isFormTouched } from './entry-form';
import { LogbookArea, type AreaContext } from './logbook-area';
import type { ShiftController } from './shift-controller';
import type { ViewController } from './view-controller';

/** New entries: the drafts being typed, "log this" drafts from the wall, and their writing. */
export class DraftController extends LogbookArea {
  private readonly seen = new Set<string>();

  constructor(
    context: AreaContext,
    private readonly views: ViewController,
    private readonly shift: ShiftController,
  ) {
    super(context);
  }

  add(): void {
    this.state.addDraft();
  }

  /**
   * Writes a draft. The form is checked first (the same rules as the core); on any failure the
   * draft keeps its text and its clientRef, so the operator corrects or retries, and a retry of
   * a write whose answer was lost returns the entry already written instead of a second one.
   */
  async submit(id: string): Promise<void> {
    const draft = this.state.drafts.find((candidate) => candidate.id === id);
    if (!draft || draft.saving) return;
    const checked = checkEntryForm(draft.form, this.deps.now());
    if (!checked.ok) {
      this.state.setDraftState(id, { problems: checked.problems, error: null });
      return;
    }
    this.state.setDraftState(id, { saving: true, error: null, problems: {} });
    const result = await this.client.call('logbook.create', checked.draft);
    if (!result.ok) {
      this.state.setDraftState(id, { saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.removeDraft(id);
    this.state.notify('form.saved', { id: result.value.entry.id });
    await Promise.all([this.views.reload(), this.shift.refresh()]);
  }

  discard(id: string): void {
    this.state.removeDraft(id);
  }

  /**
   * "Log this" from a tile. A blank draft on screen takes the prefill; a draft with text in it
   * is never overwritten: the prefill opens as a new draft beside it.
   */
  receive(draft: LogbookDraft): void {
    if (this.seen.has(draft.draftId)) return;
    this.seen.add(draft.draftId);
    const faultText = draft.fault ? (this.deps.describeFault?.(draft) ?? '') : '';
    const form = entryFormFromDraft(draft, this.deps.newId(), faultText);
    const fromCamera = draft.cameras[0] ?? null;
    const active = this.state.drafts.find((candidate) => candidate.id === this.state.activeDraftId);
    this.state.addDraft({ form, fromCamera });
    if (active && !active.saving && !isFormTouched(active.form)) this.state.removeDraft(active.id);
    if (fromCamera !== null) this.state.notify('draftReceived', { number: fromCamera });
  }

  /** Resets the observed-at time of a draft to now (the default). */
  now(id: string): void {
    const now = blankEntryForm(this.deps.now(), '').observedAt;
    this.state.editDraft(id, { observedAt: now });
  }
}
