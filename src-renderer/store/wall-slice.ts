import type { Tour, WallLayout, WallState } from '../../src-shared/contract';
import * as model from '../wall/wall-model';
import type { SliceCreator } from './store-types';

/** What `wall.state.get` returns, as the slice takes it. */
export interface LoadedWall {
  display: number;
  state: WallState;
  preset: WallState;
}

/**
 * This display's wall: the operator's arrangement (layout, cameras per page, tours) as saved by
 * the core, and IT's preset. Every change goes through an action here, marks the wall dirty,
 * and the session saves it (debounced) — so what the operator arranged survives a restart.
 */
export interface WallSlice {
  display: number;
  /** null until the first `wall.state.get` answer. */
  wall: WallState | null;
  /** Metro IT's layout for this display, for "back to IT's layout". */
  preset: WallState | null;
  /** Set when loading the wall failed, so the wall can say so instead of spinning forever. */
  wallError: string | null;
  /** The wall changed since the core last stored it. */
  wallDirty: boolean;
  setDisplay: (display: number) => void;
  /** Applies a `wall.state.get` (or reset) answer; another display's answer is ignored (stale). */
  loadWall: (loaded: LoadedWall) => void;
  setWallError: (message: string | null) => void;
  /** The core stored `state`: clean unless the wall changed again meanwhile. */
  markSaved: (state: WallState) => void;
  /** Applies a pure model operation as an operator change (marked dirty). */
  updateWall(change: (state: WallState) => WallState): void;
  setLayout: (layout: WallLayout) => void;
  assignSlot: (slot: number, cameraId: string | null) => void;
  swapSlots: (a: number, b: number) => void;
  turnPage: (delta: number) => void;
  startTourAt: (slot: number, tourId: string) => void;
  stopTourAt: (slot: number) => void;
  saveTour: (tour: Tour) => void;
  removeTour: (tourId: string) => void;
  setSpotTile: (index: number) => void;
  setSpotTarget: (display: number) => void;
  /** A `spot` push for this display: the camera goes to the spot tile of the page on screen. */
  receiveSpot: (cameraId: string | null) => number | null;
}

/** Creates the wall slice; the saved state always comes from the core, changes go back to it. */
export const createWallSlice: SliceCreator<WallSlice> = (set, get) => ({
  display: 1,
  wall: null,
  preset: null,
  wallError: null,
  wallDirty: false,
  setDisplay: (display) =>
    set(
      display === get().display
        ? {}
        : { display, wall: null, preset: null, wallError: null, wallDirty: false },
    ),
  loadWall: ({ display, state, preset }) => {
    if (display !== get().display) return;
    set({ wall: model.normaliseState(state), preset, wallError: null, wallDirty: false });
    get().resetView();
  },
  setWallError: (wallError) => set({ wallError }),
  markSaved: (state) => {
    if (get().wall === state) set({ wallDirty: false });
  },
  updateWall: (change) => {
    const wall = get().wall;
    if (!wall) return;
    const next = change(wall);
    if (next !== wall) set({ wall: next, wallDirty: true });
  },
  setLayout: (layout) => {
    get().updateWall((state) => model.changeLayout(state, layout));
    get().resetView();
  },
  assignSlot: (slot, cameraId) => get().updateWall((state) => model.assign(state, slot, cameraId)),
  swapSlots: (a, b) => get().updateWall((state) => model.swap(state, a, b)),
  turnPage: (delta) => {
    const before = get().wall?.page;
    get().updateWall((state) => model.turnPage(state, delta));
    if (get().wall?.page !== before) set({ maximised: null });
  },
  startTourAt: (slot, tourId) => get().updateWall((state) => model.startTour(state, slot, tourId)),
  stopTourAt: (slot) => get().updateWall((state) => model.stopTour(state, slot)),
  saveTour: (tour) => get().updateWall((state) => model.upsertTour(state, tour)),
  removeTour: (tourId) => get().updateWall((state) => model.deleteTour(state, tourId)),
  setSpotTile: (index) =>
    get().updateWall((state) =>
      state.spotTile === index || index >= model.tilesPerPage(state) ? state : { ...state, spotTile: index },
    ),
  setSpotTarget: (display) =>
    get().updateWall((state) => (state.spotTarget === display ? state : { ...state, spotTarget: display })),
  receiveSpot: (cameraId) => {
    const wall = get().wall;
    if (!wall) return null;
    const { state, slot } = model.receiveSpot(wall, cameraId);
    if (state !== wall) set({ wall: state, wallDirty: true });
    return slot;
  },
});
