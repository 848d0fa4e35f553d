import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AdminController } from './admin-controller';
import type { AdminState, AdminStore } from './admin-store';

/** The administration window's store and controller, carried to every panel. */
export interface AdminContextValue {
  store: AdminStore;
  controller: AdminController;
}

export const AdminContext = createContext<AdminContextValue | null>(null);

function useAdminContext(): AdminContextValue {
  const value = useContext(AdminContext);
  if (!value) throw new Error('administration component outside AdminContext');
  return value;
}

/** Reads the store through a selector; re-renders only when the selected value changes. */
export function useAdmin<T>(selector: (state: AdminState) => T): T {
  return useStore(useAdminContext().store, selector);
}

/** The controller: every request to the core goes through it. */
export function useAdminController(): AdminController {
  return useAdminContext().controller;
}
