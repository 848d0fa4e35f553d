import { LogbookArea } from './logbook-area';

/** The workstation's accounts: the list, and an admin adding an operator. */
export class OperatorsController extends LogbookArea {
  async load(): Promise<void> {
    const result = await this.client.call('operators.list', {});
    if (result.ok) this.state.setOperators(result.value);
  }

  async add(): Promise<void> {
    const draft = this.state.operatorDraft;
    if (draft.saving) return;
    this.state.editOperatorDraft({ saving: true, error: null });
    const result = await this.client.call('operators.add', {
      name: draft.name.trim(),
      badge: draft.badge.trim(),
      role: draft.role,
      pin: draft.pin,
    });
    if (!result.ok) {
      this.state.editOperatorDraft({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.resetOperatorDraft();
    this.state.notify('operators.created', { badge: result.value.badge });
    await this.load();
  }
}
