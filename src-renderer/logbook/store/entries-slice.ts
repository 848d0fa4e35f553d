import type { EntryDetail, EntryFilter, EntryView } from '../../../src-shared/contract';
import { EMPTY_FILTER_FORM, type FilterForm } from '../entry-form';
import type { UiError } from '../logbook-client';
import type { LogbookSliceCreator } from './logbook-store-types';

/** The sections of the window: three lists of entries, the shift, the operators. */
export type LogbookView = 'today' | 'open' | 'search' | 'shift' | 'operators';
/** The sections that list entries. */
export type ListView = Extract<LogbookView, 'today' | 'open' | 'search'>;

/** A list on screen: the selection it shows (what an export of it takes) and its pages so far. */
export interface EntryList {
  view: ListView;
  filter: EntryFilter;
  entries: EntryView[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

/**
 * What the operator reads: the section on screen, the search form, the list of entries with
 * the exact filter it came from, and the entry opened in detail.
 */
export interface EntriesSlice {
  view: LogbookView;
  filterForm: FilterForm;
  list: EntryList | null;
  listBusy: boolean;
  listError: UiError | null;
  selectedEntryId: number | null;
  detail: EntryDetail | null;
  detailError: UiError | null;
  setView: (view: LogbookView) => void;
  editFilter: (patch: Partial<FilterForm>) => void;
  resetFilter: () => void;
  setList: (list: EntryList) => void;
  appendList: (page: Omit<EntryList, 'view' | 'filter'>) => void;
  setListStatus: (busy: boolean, error?: UiError | null) => void;
  selectEntry: (id: number | null) => void;
  setDetail: (detail: EntryDetail | null, error?: UiError | null) => void;
  /** An entry changed (follow-up, amendment): its row and its detail show the new version. */
  entryChanged: (detail: EntryDetail) => void;
}

/** Creates the entries slice. */
export const createEntriesSlice: LogbookSliceCreator<EntriesSlice> = (set) => ({
  view: 'today',
  filterForm: EMPTY_FILTER_FORM,
  list: null,
  listBusy: false,
  listError: null,
  selectedEntryId: null,
  detail: null,
  detailError: null,
  setView: (view) => set({ view }),
  editFilter: (patch) => set((state) => ({ filterForm: { ...state.filterForm, ...patch } })),
  resetFilter: () => set({ filterForm: EMPTY_FILTER_FORM }),
  setList: (list) => set({ list, listBusy: false, listError: null }),
  appendList: (page) =>
    set((state) =>
      state.list
        ? {
            list: {
              ...state.list,
              ...page,
              entries: [
                ...state.list.entries,
                ...page.entries.filter(
                  (entry) => !state.list?.entries.some((known) => known.id === entry.id),
                ),
              ],
            },
            listBusy: false,
            listError: null,
          }
        : {},
    ),
  setListStatus: (listBusy, listError = null) => set({ listBusy, listError }),
  selectEntry: (selectedEntryId) =>
    set((state) =>
      selectedEntryId === state.selectedEntryId
        ? {}
        : { selectedEntryId, detail: null, detailError: null, amend: null, followUp: null },
    ),
  setDetail: (detail, detailError = null) => set({ detail, detailError }),
  entryChanged: (detail) =>
    set((state) => ({
      detail: state.selectedEntryId === detail.entry.id ? detail : state.detail,
      list: state.list
        ? {
            ...state.list,
            entries: state.list.entries.map((entry) => (entry.id === detail.entry.id ? detail.entry : entry)),
          }
        : null,
    })),
});
