import { createStore, type StoreApi } from 'zustand/vanilla';
import { createCamerasSlice } from './cameras-slice';
import { createConnectionSlice } from './connection-slice';
import { createReplaySlice } from './replay-slice';
import type { VigieState } from './store-types';
import { createViewSlice } from './view-slice';
import { createWallSlice } from './wall-slice';

/** A vanilla store handle: usable from the session (outside React) and from components. */
export type VigieStore = StoreApi<VigieState>;

/**
 * Creates a store (vanilla, no React) so each window and each test gets its own instance;
 * components reach it through the provider in store/use-vigie.ts.
 */
export function createVigieStore(initial: { display?: number } = {}): VigieStore {
  const store = createStore<VigieState>()((...args) => ({
    ...createConnectionSlice(...args),
    ...createCamerasSlice(...args),
    ...createWallSlice(...args),
    ...createViewSlice(...args),
    ...createReplaySlice(...args),
  }));
  if (initial.display !== undefined) store.getState().setDisplay(initial.display);
  return store;
}
