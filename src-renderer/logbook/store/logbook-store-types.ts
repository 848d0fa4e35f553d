import type { StateCreator } from 'zustand/vanilla';
import type { DraftsSlice } from './drafts-slice';
import type { EntriesSlice } from './entries-slice';
import type { SessionSlice } from './session-slice';
import type { ShiftSlice } from './shift-slice';

/** The main courante window's whole state: one store, four independent slices. */
export type LogbookState = SessionSlice & ShiftSlice & EntriesSlice & DraftsSlice;

/** A slice creator that can read (and call actions of) the other slices through `get`. */
export type LogbookSliceCreator<Slice> = StateCreator<LogbookState, [], [], Slice>;
