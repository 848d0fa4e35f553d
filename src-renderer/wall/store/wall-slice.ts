import * as model from '../model/wall-model';
import type { SliceCreator, WallSlice } from './store-types';

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
