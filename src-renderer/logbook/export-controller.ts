import { LogbookArea } from './logbook-area';
import { localFilter } from './view-controller';

/** The export of the list on screen (CSV or PDF, or the whole room's CSV), recorded by the core in the chain. */
export class ExportController extends LogbookArea {
  /** Exports exactly the selection on screen; the core records the export in the chain. */
  async submit(): Promise<void> {
    const draft = this.state.exportDraft;
    const list = this.state.list;
    if (!draft || draft.saving || !list) return;
    this.state.setExportState({ saving: true, error: null, result: null });
    const { seats } = list.filter;
    const local = localFilter(list.filter);
    const common = {
      csvDelimiter: draft.csvDelimiter,
      requester: draft.requester.trim(),
      reason: draft.reason.trim(),
    };
    // « Toute la salle »: every seat's entries of the same selection, one CSV with a poste column.
    const result =
      draft.scope === 'room' && this.state.room?.configured
        ? await this.client.call('room.export', {
            filter: { ...local, ...(seats ? { seats } : {}) },
            format: 'csv',
            ...common,
          })
        : await this.client.call('logbook.export', { filter: local, format: draft.format, ...common });
    if (!result.ok) {
      this.state.setExportState({ saving: false, error: result.error });
      this.afterError(result.error);
      return;
    }
    this.state.setExportState({ saving: false, result: result.value });
    this.deps.download(result.value);
  }

  /** Offers the last export's file again (the core answered its bytes with the export). */
  download(): void {
    const result = this.state.exportDraft?.result;
    if (result) this.deps.download(result);
  }
}
