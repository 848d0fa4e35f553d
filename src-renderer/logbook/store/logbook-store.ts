import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDraftsSlice, type DraftDeps } from './drafts-slice';
import { createEntriesSlice } from './entries-slice';
import type { LogbookState } from './logbook-store-types';
import { createRoomSlice } from './room-slice';
import { createSessionSlice } from './session-slice';
import { createShiftSlice } from './shift-slice';

/** A vanilla store handle: used by the controller (outside React) and by components. */
export type LogbookStore = StoreApi<LogbookState>;

/**
 * Creates the main courante window's store (vanilla, no React), one per window and per test.
 * It is separate from the wall's store: the two windows share nothing but the core.
 */
export function createLogbookStore(deps: DraftDeps): LogbookStore {
  return createStore<LogbookState>()((...args) => ({
    ...createSessionSlice(...args),
    ...createShiftSlice(...args),
    ...createEntriesSlice(...args),
    ...createDraftsSlice(deps)(...args),
    ...createRoomSlice(...args),
  }));
}

/**
 * A random id (drafts, clientRefs) from getRandomValues, which works in every context the
 * window may run in (crypto.randomUUID needs a secure context).
 */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
