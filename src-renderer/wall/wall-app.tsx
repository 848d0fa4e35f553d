import { useEffect, useMemo } from 'react';
import type { Bootstrap } from '../shared/connection/bootstrap';
import { openBrowserSocket } from '../shared/connection/browser-socket';
import { ConnectionContext } from './connection-context';
import { createVigieSession } from './wall-session';
import { windowCodecsKnown } from './video/h264-support';
import { selectModal, selectShowTree } from './store/selectors';
import { VigieStoreContext, useVigie } from './store/use-vigie';
import type { VigieStore } from './store/vigie-store';
import { CameraTree } from './components/camera-tree';
import { ClipDialog } from './components/clip-dialog';
import { ConnectionBanner } from './components/connection-banner';
import { EntryDisplay } from './components/entry-display';
import { HeaderBar } from './components/header-bar';
import { LayoutEditor } from './components/layout-editor';
import { Notices } from './components/notices';
import { SiteProblems } from './components/site-problems';
import { ResetDialog } from './components/reset-dialog';
import { ShortcutSheet } from './components/shortcut-sheet';
import { Toolbar } from './components/toolbar';
import { TourEditor } from './components/tour-editor';
import { useWallKeyboard } from './components/use-wall-keyboard';
import { Wall } from './components/wall';
import { createCommandRunner } from './components/wall-commands';
import {
  TileRegistry,
  TileRegistryContext,
  WallCommandsContext,
  useWallCommands,
} from './components/wall-context';
import './wall.css';
import './tile.css';
import './panels.css';

/** What the window was opened with (bootstrap) and its own store. */
export interface WallAppProps {
  bootstrap: Bootstrap;
  store: VigieStore;
}

/**
 * The wall window (the default view): header, toolbar, camera tree, the wall and its dialogs. Owns the session so
 * the socket lives exactly as long as the app is mounted, and the command runner every input
 * (keyboard, buttons, drag and drop) goes through.
 */
export function WallApp({ bootstrap, store }: WallAppProps) {
  // Creating the session is side-effect free; the socket only opens in the effect below.
  const session = useMemo(
    () => createVigieSession(bootstrap, store, openBrowserSocket, windowCodecsKnown),
    [bootstrap, store],
  );
  const registry = useMemo(() => new TileRegistry(), []);
  const run = useMemo(
    () =>
      createCommandRunner({ store, connection: session.connection, registry, display: bootstrap.display }),
    [store, session, registry, bootstrap.display],
  );

  useEffect(() => {
    session.start();
    // Closing the window must not lose the last change still waiting for its debounce.
    const flush = () => session.flush();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      session.stop();
    };
  }, [session]);

  return (
    <VigieStoreContext.Provider value={store}>
      <ConnectionContext.Provider value={session.connection}>
        <TileRegistryContext.Provider value={registry}>
          <WallCommandsContext.Provider value={run}>
            <WallWindow />
          </WallCommandsContext.Provider>
        </TileRegistryContext.Provider>
      </ConnectionContext.Provider>
    </VigieStoreContext.Provider>
  );
}

/** The window's layout; inside the providers so every part reads the store and commands. */
function WallWindow() {
  const showTree = useVigie(selectShowTree);
  const modal = useVigie(selectModal);
  return (
    <div className="app">
      <KeyboardBinding />
      <HeaderBar />
      <ConnectionBanner />
      <SiteProblems />
      <Toolbar />
      <div className="workspace">
        {showTree && <CameraTree />}
        <Wall />
      </div>
      <EntryDisplay />
      <Notices />
      {modal === 'help' && <ShortcutSheet />}
      {modal === 'tours' && <TourEditor />}
      {modal === 'layout' && <LayoutEditor />}
      {modal === 'reset' && <ResetDialog />}
      {modal === 'clip' && <ClipDialog />}
    </div>
  );
}

/** Binds the window's keys to the wall (a component so it sits inside the providers). */
function KeyboardBinding() {
  const run = useWallCommands();
  useWallKeyboard(run);
  return null;
}
