import type { Tour, WallLayout, WallState } from '../../../src-shared/contract';
import { customGrid, isValidLayout } from './layout-geometry';

/**
 * Pure operations on a display's WallState. `assignments` is page-major (tile i of page p is
 * `assignments[p * cells + i]`, the contract's rule); a "slot" below is that absolute index.
 * Every operation returns a new state and never mutates, so the store can detect changes by
 * reference and persist them.
 */

/** Highest page index the contract accepts. */
export const MAX_PAGE = 63;
/** Longest assignment list the contract accepts. */
export const MAX_ASSIGNMENTS = 1024;

/** Tiles per page. */
export function tilesPerPage(state: WallState): number {
  return state.layout.cells.length;
}

/** The absolute slot of tile `index` on `page`. */
export function slotOf(state: WallState, page: number, index: number): number {
  return page * tilesPerPage(state) + index;
}

/** Camera assigned to a slot, null when empty or beyond the list. */
export function cameraAt(state: WallState, slot: number): string | null {
  return state.assignments[slot] ?? null;
}

/** Pages that hold at least one camera (at least 1). */
export function filledPages(state: WallState): number {
  const per = tilesPerPage(state);
  let last = -1;
  state.assignments.forEach((camera, slot) => {
    if (camera !== null) last = slot;
  });
  return Math.max(1, Math.floor(last / per) + 1);
}

/** Pages the operator can page through: every filled page, the current one, and one empty page after. */
export function pageCount(state: WallState): number {
  return Math.max(filledPages(state), state.page + 1);
}

/** Drops trailing empty slots, so saved states stay small and page counts honest. */
function trim(assignments: readonly (string | null)[]): (string | null)[] {
  let end = assignments.length;
  while (end > 0 && assignments[end - 1] === null) end -= 1;
  return assignments.slice(0, end);
}

function withSlot(assignments: readonly (string | null)[], slot: number, cameraId: string | null) {
  const next = [...assignments];
  while (next.length <= slot) next.push(null);
  next[slot] = cameraId;
  return trim(next);
}

/** Removes a tour from a slot (a camera put there by hand replaces the tour). */
function withoutTour(tileTours: WallState['tileTours'], slot: number): WallState['tileTours'] {
  if (!(String(slot) in tileTours)) return tileTours;
  const next = { ...tileTours };
  delete next[String(slot)];
  return next;
}

/** Puts a camera (or nothing) in a slot, stopping a tour that ran there. */
export function assign(state: WallState, slot: number, cameraId: string | null): WallState {
  if (slot < 0 || slot >= MAX_ASSIGNMENTS) return state;
  return {
    ...state,
    assignments: withSlot(state.assignments, slot, cameraId),
    tileTours: withoutTour(state.tileTours, slot),
  };
}

/** Swaps two slots' cameras and tours (drag a tile onto another). */
export function swap(state: WallState, a: number, b: number): WallState {
  if (a === b || a < 0 || b < 0 || a >= MAX_ASSIGNMENTS || b >= MAX_ASSIGNMENTS) return state;
  const first = cameraAt(state, a);
  const second = cameraAt(state, b);
  const assignments = withSlot(withSlot(state.assignments, a, second), b, first);
  const tileTours = { ...state.tileTours };
  const tourA = tileTours[String(a)];
  const tourB = tileTours[String(b)];
  delete tileTours[String(a)];
  delete tileTours[String(b)];
  if (tourA !== undefined) tileTours[String(b)] = tourA;
  if (tourB !== undefined) tileTours[String(a)] = tourB;
  return { ...state, assignments, tileTours };
}

/** Moves to another page, within 0 … pageCount (one empty page past the last filled one). */
export function turnPage(state: WallState, delta: number): WallState {
  const last = Math.min(MAX_PAGE, filledPages(state));
  const page = Math.max(0, Math.min(last, state.page + delta));
  return page === state.page ? state : { ...state, page };
}

/**
 * Applies a new layout. Cameras keep their order (page-major), so an operator going from 2×2 to
 * 3×3 sees the same cameras first; the page is the one holding the first camera of the old page.
 * Tours follow their slot index; the spot tile falls back to the first tile if it no longer exists.
 */
export function changeLayout(state: WallState, layout: WallLayout): WallState {
  const oldPer = tilesPerPage(state);
  const newPer = layout.cells.length;
  const firstSlot = state.page * oldPer;
  const page = Math.min(MAX_PAGE, Math.floor(firstSlot / newPer));
  const spotTile = state.spotTile !== undefined && state.spotTile < newPer ? state.spotTile : undefined;
  const next: WallState = { ...state, layout, page };
  if (spotTile === undefined) delete next.spotTile;
  else next.spotTile = spotTile;
  return next;
}

/** The tile index (within a page) that receives spot cameras. */
export function spotTileOf(state: WallState): number {
  const index = state.spotTile ?? 0;
  return index < tilesPerPage(state) ? index : 0;
}

/**
 * Receives a spot camera: it goes into the spot tile of the page on screen, replacing any tour
 * there, so the operator who sent it sees it at once on the other monitor.
 */
export function receiveSpot(state: WallState, cameraId: string | null): { state: WallState; slot: number } {
  const slot = slotOf(state, state.page, spotTileOf(state));
  return { state: assign(state, slot, cameraId), slot };
}

/** Starts a tour in a slot (replacing any other tour there). */
export function startTour(state: WallState, slot: number, tourId: string): WallState {
  if (!state.tours.some((tour) => tour.id === tourId)) return state;
  return { ...state, tileTours: { ...state.tileTours, [String(slot)]: tourId } };
}

/** Stops the tour in a slot; the slot shows its own camera again. */
export function stopTour(state: WallState, slot: number): WallState {
  const tileTours = withoutTour(state.tileTours, slot);
  return tileTours === state.tileTours ? state : { ...state, tileTours };
}

/** Adds or replaces a tour by id. */
export function upsertTour(state: WallState, tour: Tour): WallState {
  const exists = state.tours.some((t) => t.id === tour.id);
  const tours = exists ? state.tours.map((t) => (t.id === tour.id ? tour : t)) : [...state.tours, tour];
  return { ...state, tours };
}

/** Deletes a tour and stops it wherever it ran. */
export function deleteTour(state: WallState, tourId: string): WallState {
  const tileTours = Object.fromEntries(Object.entries(state.tileTours).filter(([, id]) => id !== tourId));
  return { ...state, tours: state.tours.filter((t) => t.id !== tourId), tileTours };
}

/**
 * Makes a state safe to draw: an invalid layout (hand-edited file, older version) becomes a
 * plain grid of the same size, and the page is clamped. Cameras are never dropped.
 */
export function normaliseState(state: WallState): WallState {
  const layout = isValidLayout(state.layout)
    ? state.layout
    : customGrid(state.layout.columns, state.layout.rows);
  const page = Math.min(state.page, Math.min(MAX_PAGE, filledPages({ ...state, layout })));
  return layout === state.layout && page === state.page ? state : { ...state, layout, page };
}

/**
 * The camera a slot shows: the current step of the tour running there, else its own camera.
 * `progress` is the runtime tour progress (view state); before the first tick a tour shows its
 * first step.
 */
export function displayedCamera(
  state: WallState,
  progress: Readonly<Record<string, { tourId: string; step: number }>>,
  slot: number,
): string | null {
  const tourId = state.tileTours[String(slot)];
  const tour = tourId === undefined ? undefined : state.tours.find((t) => t.id === tourId);
  if (tour && tour.steps.length > 0) {
    const current = progress[String(slot)];
    const step = current && current.tourId === tour.id ? current.step % tour.steps.length : 0;
    return tour.steps[step]?.cameraId ?? null;
  }
  return cameraAt(state, slot);
}
