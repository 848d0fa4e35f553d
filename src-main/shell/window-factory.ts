/**
 * The one place a Vigie window is built, wall or side window alike, so no window can miss a
 * hardening step: `secureWebPreferences` (context isolation, sandbox, no Node, the preload),
 * a title the page cannot replace, crash recovery, and pages from vigie://app only.
 *
 * Navigation and window.open refusal, and the session's permission refusal, are app-wide hooks
 * installed here too: they cover every web contents Chromium creates, including any a window
 * opens by itself, not just the ones this factory builds. The Content-Security-Policy comes with
 * every vigie:// response (see app-protocol.ts), so it applies whatever loads the page.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { log } from '../core/log/logger';
import { RendererWatchdog } from './renderer-watchdog';
import { APP_ORIGIN, isAllowedNavigation, secureWebPreferences } from './security';
import type { Rect } from './window-plan';

/** The wall's background, shown before the first paint instead of a white flash. */
const BACKGROUND = '#0b0f14';

/** The bundled preload, beside the bundled main process (see scripts/build-electron.ts). */
const preloadPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

/** The windows opened on demand over a wall, never part of the display plan. */
export type SideView = 'main-courante' | 'admin';

/** What differs between two Vigie windows; everything else is the factory's. */
export interface AppWindowSpec {
  /** The display number the page shows (`?display=N`); logs name the window by it. */
  display: number;
  /** A side view (`&view=…`) of that display's wall, or absent for the wall itself. */
  view?: SideView;
  title: string;
  bounds: Rect;
  /**
   * Given for wall windows only. Side windows leave Electron's defaults, because an explicit
   * `fullscreen: false` is not the default everywhere (macOS then disables the fullscreen button).
   */
  fullscreen?: boolean;
  kiosk?: boolean;
  /** True once the app is quitting: crash recovery then stands down. */
  isStopping: () => boolean;
}

/**
 * Builds, hardens and loads one window. It starts hidden and shows itself once painted; the
 * caller only keeps track of it (see window-manager.ts).
 */
export function createAppWindow(spec: AppWindowSpec): BrowserWindow {
  const { display, view } = spec;
  const win = new BrowserWindow({
    ...spec.bounds,
    title: spec.title,
    show: false,
    backgroundColor: BACKGROUND,
    ...(spec.fullscreen === undefined ? {} : { fullscreen: spec.fullscreen }),
    ...(spec.kiosk === undefined ? {} : { kiosk: spec.kiosk }),
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  // The page's <title> must not replace "Vigie — écran N", which operators and logs rely on.
  win.on('page-title-updated', (event) => event.preventDefault());
  new RendererWatchdog(win, { display, isStopping: spec.isStopping }).start();
  const query = view === undefined ? `display=${display}` : `display=${display}&view=${view}`;
  void win.loadURL(`${APP_ORIGIN}/index.html?${query}`).catch((error: unknown) => {
    log.error(`shell: ${view === undefined ? `window ${display}` : `${view} window`} failed to load`, error);
  });
  return win;
}

/**
 * Keeps every web contents on the app's own origin: navigations and redirects elsewhere are
 * stopped, webviews and window.open refused. Call once, before the first window.
 */
export function guardWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isAllowedNavigation(event.url, APP_ORIGIN)) {
        event.preventDefault();
        log.warn(`shell: navigation to ${event.url} blocked`);
      }
    });
    contents.on('will-redirect', (event) => {
      if (!isAllowedNavigation(event.url, APP_ORIGIN)) {
        event.preventDefault();
        log.warn(`shell: redirect to ${event.url} blocked`);
      }
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      log.warn(`shell: window.open(${url}) denied`);
      return { action: 'deny' };
    });
  });
}

/** A wall has no use for camera, microphone, notifications or geolocation: refuse them all. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`shell: permission "${permission}" denied`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}
