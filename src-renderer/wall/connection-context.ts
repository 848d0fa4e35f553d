import { createContext, useContext } from 'react';
import type { CoreConnection } from '../shared/connection/core-connection';

/** The window's connection, for tiles to subscribe to video; null before the session starts. */
export const ConnectionContext = createContext<CoreConnection | null>(null);

/** The window's connection, or null outside the app (tiles then show no video). */
export function useConnection(): CoreConnection | null {
  return useContext(ConnectionContext);
}
