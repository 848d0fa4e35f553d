import type {
  Clip,
  EntryFilter,
  RoomEntryRef,
  RoomSearchResult,
  SearchResult,
} from '../../src-shared/contract';
import type { UiOutcome } from '../shared/connection/result-client';
import { filterFromForm } from './entry-form';
import { LogbookArea, type AreaContext } from './logbook-area';
import type { OperatorsController } from './operators-controller';
import type { ShiftController } from './shift-controller';
import type { EntryList, ListView, LogbookView } from './store/logbook-store-types';

/** A list's selection as the local logbook takes it (no seats). */
export function localFilter(filter: EntryList['filter']): EntryFilter {
  const local: EntryList['filter'] = { ...filter };
  delete local.seats;
  return local;
}

/** Entries per page of a list. */
export const PAGE_SIZE = 50;

const LIST_VIEWS: readonly LogbookView[] = ['today', 'open', 'search'];
const isListView = (view: LogbookView): view is ListView => LIST_VIEWS.includes(view);

/**
 * The sections on screen: the lists of entries, page by page, and one entry in detail.
 *
 * With a room (`room.status` configured), the lists are the room's: every seat's entries, each
 * saying its seat, narrowed by the seat filter, searched room-wide on the server; another seat's
 * entry opens read-only from the room, this seat's from the local logbook with its edit actions.
 * Without one, everything is this seat's SQLite logbook, as before.
 */
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

  /** Whether the lists come from the room (this seat has a `room` section). */
  private get inRoom(): boolean {
    return this.state.room?.configured === true;
  }

  /** Asks the core whether this seat is part of a room; the lists follow its answer. */
  async refreshRoom(): Promise<void> {
    const result = await this.client.call('room.status', {});
    if (result.ok) this.state.setRoom(result.value);
  }

  private filterFor(view: ListView): EntryList['filter'] {
    const seats = this.inRoom && this.state.seatFilter ? { seats: [this.state.seatFilter] } : {};
    if (view === 'today') return { preset: 'today', ...seats };
    if (view === 'open') return { preset: 'open', ...seats };
    return { ...filterFromForm(this.state.filterForm), ...seats };
  }

  /** One page of a selection, from the room or from this seat's logbook. */
  private page(
    room: boolean,
    filter: EntryList['filter'],
    cursor?: string,
  ): Promise<UiOutcome<SearchResult | RoomSearchResult>> {
    const page = { limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) };
    if (room) return this.client.call('room.search', { ...filter, ...page });
    return this.client.call('logbook.search', { ...localFilter(filter), ...page });
  }

  async loadList(view: ListView): Promise<void> {
    const filter = this.filterFor(view);
    const room = this.inRoom;
    this.state.setListStatus(true);
    const result = await this.page(room, filter);
    if (this.state.view !== view) return;
    if (!result.ok) {
      this.state.setListStatus(false, result.error);
      this.afterError(result.error);
      return;
    }
    const { entries, nextCursor, total, totalCapped } = result.value;
    this.state.setList({ view, room, filter, entries, nextCursor, total, totalCapped });
    this.state.noteSeats(entries);
  }

  async loadMore(): Promise<void> {
    const list = this.state.list;
    if (!list?.nextCursor || this.state.listBusy) return;
    this.state.setListStatus(true);
    const result = await this.page(list.room, list.filter, list.nextCursor);
    if (!result.ok) {
      this.state.setListStatus(false, result.error);
      this.afterError(result.error);
      return;
    }
    const { entries, nextCursor, total, totalCapped } = result.value;
    this.state.appendList({ entries, nextCursor, total, totalCapped });
    this.state.noteSeats(entries);
  }

  /**
   * The evidence clips filed against one of this seat's entries (the extraction register's
   * lines, newest first): the entry then says which video documents it, with its hash.
   */
  clipsOf(entryId: number): Promise<UiOutcome<Clip[]>> {
    return this.client.call('replay.clips', { entryId, limit: 50 });
  }

  /** Opens an entry: another seat's (`seat`) read-only from the room, this seat's locally. */
  async openEntry(id: number | null, seat?: string): Promise<void> {
    const other = seat !== undefined && seat !== this.state.room?.seat ? seat : null;
    this.state.selectEntry(id, other);
    if (id === null) return;
    const result =
      other === null
        ? await this.client.call('logbook.get', { id })
        : await this.client.call('room.entry', { seat: other, id });
    if (this.state.selectedEntryId !== id || this.state.selectedSeat !== other) return;
    if (result.ok) this.state.setDetail(result.value);
    else {
      this.state.setDetail(null, result.error);
      this.afterError(result.error);
    }
  }

  /**
   * A `room-changed` push (ids only): the room list on screen reads those entries again and
   * merges them, and another seat's entry open in detail is read again.
   */
  async roomChanged(refs: readonly RoomEntryRef[]): Promise<void> {
    const list = this.state.list;
    if (!list?.room || refs.length === 0) return;
    for (let start = 0; start < refs.length; start += PAGE_SIZE) {
      const result = await this.client.call('room.entries', { refs: refs.slice(start, start + PAGE_SIZE) });
      if (!result.ok) return;
      this.state.mergeRoomEntries(result.value, this.deps.now());
      this.state.noteSeats(result.value);
    }
    const { selectedEntryId, selectedSeat } = this.state;
    if (
      selectedSeat !== null &&
      refs.some((ref) => ref.seat === selectedSeat && ref.id === selectedEntryId)
    ) {
      const detail = await this.client.call('room.entry', { seat: selectedSeat, id: selectedEntryId! });
      if (detail.ok && this.state.selectedEntryId === selectedEntryId) this.state.setDetail(detail.value);
    }
  }
}
