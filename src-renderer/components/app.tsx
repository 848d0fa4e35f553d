import { useEffect, useMemo } from 'react';
import type { Bootstrap } from '../connection/bootstrap';
import { openBrowserSocket } from '../connection/browser-socket';
import { ConnectionContext } from '../connection/connection-context';
import { createVigieSession } from '../connection/session';
import { VigieStoreContext } from '../store/use-vigie';
import type { VigieStore } from '../store/vigie-store';
import { ConnectionBanner } from './connection-banner';
import { HeaderBar } from './header-bar';
import { Wall } from './wall';

/** What the window was opened with (bootstrap) and its own store. */
export interface AppProps {
  bootstrap: Bootstrap;
  store: VigieStore;
}

/**
 * The whole window: header, connection banner and the wall. Owns the session so the socket lives
 * exactly as long as the app is mounted.
 */
export function App({ bootstrap, store }: AppProps) {
  // Creating the session is side-effect free; the socket only opens in the effect below.
  const session = useMemo(() => createVigieSession(bootstrap, store, openBrowserSocket), [bootstrap, store]);

  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  return (
    <VigieStoreContext.Provider value={store}>
      <ConnectionContext.Provider value={session.connection}>
        <div className="app">
          <HeaderBar />
          <ConnectionBanner />
          <Wall />
        </div>
      </ConnectionContext.Provider>
    </VigieStoreContext.Provider>
  );
}
