import { EMPTY_FILTER_FORM } from '../entry-form';
import type { EntriesSlice, LogbookSliceCreator } from './logbook-store-types';
import { mergeIntoList, rowKey } from './room-merge';

/** Creates the entries slice. */
export const createEntriesSlice: LogbookSliceCreator<EntriesSlice> = (set) => ({
  view: 'today',
  filterForm: EMPTY_FILTER_FORM,
  list: null,
  listBusy: false,
  listError: null,
  selectedEntryId: null,
  selectedSeat: null,
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
                  (entry) => !state.list?.entries.some((known) => rowKey(known) === rowKey(entry)),
                ),
              ],
            },
            listBusy: false,
            listError: null,
          }
        : {},
    ),
  setListStatus: (listBusy, listError = null) => set({ listBusy, listError }),
  selectEntry: (selectedEntryId, seat = null) =>
    set((state) =>
      selectedEntryId === state.selectedEntryId && seat === state.selectedSeat
        ? {}
        : {
            selectedEntryId,
            selectedSeat: selectedEntryId === null ? null : seat,
            detail: null,
            detailError: null,
            amend: null,
            followUp: null,
          },
    ),
  setDetail: (detail, detailError = null) => set({ detail, detailError }),
  // A write of this seat: in a room list, only this seat's row of that number is the one.
  entryChanged: (detail) =>
    set((state) => {
      const own = state.room?.seat ?? undefined;
      const mine = (seat: string | undefined) => seat === undefined || seat === own;
      return {
        detail:
          state.selectedEntryId === detail.entry.id && state.selectedSeat === null ? detail : state.detail,
        list: state.list
          ? {
              ...state.list,
              entries: state.list.entries.map((entry) =>
                entry.id !== detail.entry.id || !mine(entry.seat)
                  ? entry
                  : entry.seat === undefined
                    ? detail.entry
                    : { ...detail.entry, seat: entry.seat },
              ),
            }
          : null,
      };
    }),
  mergeRoomEntries: (entries, now) =>
    set((state) => (state.list?.room ? { list: mergeIntoList(state.list, entries, now) } : {})),
});
