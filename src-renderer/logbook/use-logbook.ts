import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { LogbookController } from './logbook-controller';
import { LOGBOOK_NS } from './logbook-i18n';
import type { LogbookStore } from './store/logbook-store';
import type { LogbookState } from './store/logbook-store-types';

/** The main courante window's store and controller, carried to every component. */
export interface LogbookContextValue {
  store: LogbookStore;
  controller: LogbookController;
}

export const LogbookContext = createContext<LogbookContextValue | null>(null);

function useLogbookContext(): LogbookContextValue {
  const value = useContext(LogbookContext);
  if (!value) throw new Error('main courante component outside LogbookContext');
  return value;
}

/** Reads the store through a selector; re-renders only when the selected value changes. */
export function useLogbook<T>(selector: (state: LogbookState) => T): T {
  return useStore(useLogbookContext().store, selector);
}

/** The store's actions (stable: reading them causes no re-render). */
export function useLogbookActions(): LogbookState {
  return useLogbookContext().store.getState();
}

/** The controller: every request to the core goes through it. */
export function useController(): LogbookController {
  return useLogbookContext().controller;
}

/** `t()` bound to the main courante's namespace. */
export function useLogbookT() {
  return useTranslation(LOGBOOK_NS).t;
}
