import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { VigieState } from './store-types';
import type { VigieStore } from './vigie-store';

/** Carries the window's store to components, so tests or future windows can supply their own. */
export const VigieStoreContext = createContext<VigieStore | null>(null);

/** Reads the store through a selector; re-renders only when the selected value changes. */
export function useVigie<T>(selector: (state: VigieState) => T): T {
  const store = useContext(VigieStoreContext);
  if (!store) throw new Error('useVigie outside VigieStoreContext');
  return useStore(store, selector);
}

/** The store itself, for effects that call actions (actions are stable, no re-render needed). */
export function useVigieStoreApi(): VigieStore {
  const store = useContext(VigieStoreContext);
  if (!store) throw new Error('useVigieStoreApi outside VigieStoreContext');
  return store;
}
