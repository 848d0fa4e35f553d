import type { EntryFilter } from '../../src-shared/contract';
import { filterFromForm } from './entry-form';
import { LogbookArea, type AreaContext } from './logbook-area';
import type { OperatorsController } from './operators-controller';
import type { ShiftController } from './shift-controller';
import type { ListView, LogbookView } from './store/logbook-store-types';

/** Entries per page of a list. */
export const PAGE_SIZE = 50;

const LIST_VIEWS: readonly LogbookView[] = ['today', 'open', 'search'];
const isListView = (view: LogbookView): view is ListView => LIST_VIEWS.includes(view);

/** The sections on screen: the lists of entries, page by page, and one entry in detail. */
export class ViewController extends LogbookArea {
  constructor(
    context: AreaContext,
    private readonly shift: ShiftController,
    private readonly operators: OperatorsController,
  ) {
    super(context);
  }

  /** Shows a section; list sections load their entries. */
  async show(view: LogbookView): Promise<void> {
    this.state.setView(view);
    if (view === 'shift') await Promise.all([this.shift.refresh(), this.shift.loadRecent()]);
    else if (view === 'operators') await this.operators.load();
    else await this.loadList(view);
  }

  /** Reloads what the section on screen shows (after a write, for example). */
  async reload(): Promise<void> {
    const view = this.state.view;
    if (isListView(view)) await this.loadList(view);
  }

  private filterFor(view: ListView): EntryFilter {
    if (view === 'today') return { preset: 'today' };
    if (view === 'open') return { preset: 'open' };
    return filterFromForm(this.state.filterForm);
  }

  async loadList(view: ListView): Promise<void> {
    const filter = this.filterFor(view);
    this.state.setListStatus(true);
    const result = await this.client.call('logbook.search', { ...filter, limit: PAGE_SIZE });
    if (this.state.view !== view) return;
    if (!result.ok) {
      this.state.setListStatus(false, result.error);
      this.afterError(result.error);
      return;
    }
    this.state.setList({ view, filter, ...result.value });
  }

  async loadMore(): Promise<void> {
    const list = this.state.list;
    if (!list?.nextCursor || this.state.listBusy) return;
    this.state.setListStatus(true);
    const result = await this.client.call('logbook.search', {
      ...list.filter,
      limit: PAGE_SIZE,
      cursor: list.nextCursor,
    });
    if (!result.ok) {
      this.state.setListStatus(false, result.error);
      this.afterError(result.error);
      return;
    }
    this.state.appendList(result.value);
  }

  async openEntry(id: number | null): Promise<void> {
    this.state.selectEntry(id);
    if (id === null) return;
    const result = await this.client.call('logbook.get', { id });
    if (this.state.selectedEntryId !== id) return;
    if (result.ok) this.state.setDetail(result.value);
    else {
      this.state.setDetail(null, result.error);
      this.afterError(result.error);
    }
  }
}
