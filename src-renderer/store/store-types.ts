import type { StateCreator } from 'zustand/vanilla';
import type { CamerasSlice } from './cameras-slice';
import type { ConnectionSlice } from './connection-slice';
import type { ViewSlice } from './view-slice';
import type { WallSlice } from './wall-slice';

/** The whole renderer state: one store, composed of independent slices. */
export type VigieState = ConnectionSlice & CamerasSlice & WallSlice & ViewSlice;

/** A slice creator that can read (and call actions of) the other slices through `get`. */
export type SliceCreator<Slice> = StateCreator<VigieState, [], [], Slice>;
