import type { TranslationResources } from '../i18n/fr';
import { tickTours, type TourProgress } from '../wall/tour-scheduler';
import { slotOf, tilesPerPage } from '../wall/wall-model';
import type { SliceCreator } from './store-types';

/** Dialogs over the wall; only one at a time, and the wall's keys pause while one is open. */
export type Modal = 'help' | 'tours' | 'layout' | 'reset';

/** A short message for the operator, by i18n key so it is always French. */
export interface Notice {
  id: number;
  key: keyof TranslationResources['notices'];
  params: Record<string, string | number>;
  tone: 'info' | 'error';
  at: number;
}

/** How long a notice stays up; the snapshot path needs time to be read. */
export const NOTICE_MS = 8_000;
/** How long a tile that just received a spot camera is highlighted. */
export const SPOT_FLASH_MS = 3_000;

/**
 * What this window shows right now, as opposed to what is saved: selection, maximised tile,
 * panels, the number being typed, messages, and the progress of running tours. None of it is
 * persisted; a restart starts with nothing selected and tours at their first step.
 */
export interface ViewSlice {
  /** Selected tile index on the page on screen. */
  selected: number | null;
  /** Maximised tile index on the page on screen. */
  maximised: number | null;
  showInfo: boolean;
  showTree: boolean;
  modal: Modal | null;
  /** Digits typed on the CCTV-style keyboard. */
  entry: string;
  notices: Notice[];
  tourProgress: Record<string, TourProgress>;
  /** Slot that just received a spot camera, highlighted for SPOT_FLASH_MS. */
  spotFlash: { slot: number; until: number } | null;
  select: (index: number | null) => void;
  maximise: (index: number) => void;
  restore: () => void;
  toggleInfo: () => void;
  toggleTree: () => void;
  openModal: (modal: Modal | null) => void;
  setEntry: (entry: string) => void;
  notify: (key: Notice['key'], params?: Notice['params'], tone?: Notice['tone']) => void;
  dismissNotice: (id: number) => void;
  flashSpot: (slot: number, now: number) => void;
  /** Advances tours, pausing the one in the selected tile; prunes expired notices and flashes. */
  tick: (now: number) => void;
  /** Clears selection and maximise (new layout, new wall). */
  resetView: () => void;
  /** The absolute slot of the selected tile, null when none. */
  selectedSlot: () => number | null;
}

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
