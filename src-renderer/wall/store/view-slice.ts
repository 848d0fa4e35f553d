import { tickTours } from '../model/tour-scheduler';
import { slotOf, tilesPerPage } from '../model/wall-model';
import type { Notice, SliceCreator, ViewSlice } from './store-types';

/** How long a notice stays up; the snapshot path needs time to be read. */
export const NOTICE_MS = 8_000;
/** How long a tile that just received a spot camera is highlighted. */
export const SPOT_FLASH_MS = 3_000;

let nextNoticeId = 1;

/** Creates the view slice. */
export const createViewSlice: SliceCreator<ViewSlice> = (set, get) => ({
  selected: null,
  maximised: null,
  showInfo: false,
  showTree: true,
  modal: null,
  entry: '',
  notices: [],
  tourProgress: {},
  spotFlash: null,
  select: (index) => {
    const wall = get().wall;
    if (index !== null && (!wall || index < 0 || index >= tilesPerPage(wall))) return;
    if (index !== get().selected) set({ selected: index });
    // Selecting pauses that tile's tour at once, not at the next tick.
    get().tick(Date.now());
  },
  maximise: (index) => {
    const wall = get().wall;
    if (!wall || index < 0 || index >= tilesPerPage(wall)) return;
    set({ maximised: index, selected: index });
  },
  restore: () => set({ maximised: null }),
  toggleInfo: () => set({ showInfo: !get().showInfo }),
  toggleTree: () => set({ showTree: !get().showTree }),
  openModal: (modal) => set({ modal, entry: '' }),
  setEntry: (entry) => set({ entry }),
  notify: (key, params = {}, tone = 'info') => {
    const notice: Notice = { id: nextNoticeId++, key, params, tone, at: Date.now() };
    set({ notices: [...get().notices.slice(-3), notice] });
  },
  dismissNotice: (id) => set({ notices: get().notices.filter((notice) => notice.id !== id) }),
  flashSpot: (slot, now) => set({ spotFlash: { slot, until: now + SPOT_FLASH_MS } }),
  tick: (now) => {
    const state = get();
    const wall = state.wall;
    const changes: Partial<ViewSlice> = {};
    if (wall) {
      const progress = tickTours(state.tourProgress, wall.tileTours, wall.tours, state.selectedSlot(), now);
      if (progress !== state.tourProgress) changes.tourProgress = progress;
    }
    const notices = state.notices.filter((notice) => now - notice.at < NOTICE_MS);
    if (notices.length !== state.notices.length) changes.notices = notices;
    if (state.spotFlash && state.spotFlash.until <= now) changes.spotFlash = null;
    if (Object.keys(changes).length > 0) set(changes);
  },
  resetView: () => set({ selected: null, maximised: null }),
  selectedSlot: () => {
    const { wall, selected } = get();
    return wall && selected !== null ? slotOf(wall, wall.page, selected) : null;
  },
});
