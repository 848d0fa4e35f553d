import { EMPTY_FILTER_FORM } from '../entry-form';
import type { EntriesSlice, LogbookSliceCreator } from './logbook-store-types';

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
