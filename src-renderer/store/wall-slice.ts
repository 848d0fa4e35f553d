import type { DisplayWall, Layout } from '../../src-shared/contract';
import type { SliceCreator } from './store-types';

/** Which display this window fills and the tile layout the core assigned to it. */
export interface WallSlice {
  display: number;
  /** null until the first `wall.get` answer. */
  layout: Layout | null;
  /** Set when `wall.get` failed, so the wall can say so instead of spinning forever. */
  wallError: string | null;
  setDisplay(display: number): void;
  /** Applies a `wall.get` result; a wall for another display is ignored (stale answer). */
  setWall(wall: DisplayWall): void;
  setWallError(message: string | null): void;
}

/** Creates the wall slice; the layout always comes from the core, never from the renderer. */
export const createWallSlice: SliceCreator<WallSlice> = (set, get) => ({
  display: 1,
  layout: null,
  wallError: null,
  setDisplay: (display) => set(display === get().display ? {} : { display, layout: null, wallError: null }),
  setWall: (wall) => {
    if (wall.display !== get().display) return;
    set({ layout: wall.layout, wallError: null });
  },
  setWallError: (wallError) => set({ wallError }),
});
