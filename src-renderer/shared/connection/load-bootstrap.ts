import { parseBootstrapFromUrl, parseBridgeConnection, type BootstrapResult } from './bootstrap';

/**
 * Finds this window's bootstrap: from the Electron preload when it exists, else from the page
 * address (browser mode). Kept apart from bootstrap.ts because it touches `window`, which the
 * Node unit tests do not have.
 */
export async function loadBootstrap(): Promise<BootstrapResult> {
  const bridge = window.vigie;
  if (bridge) {
    try {
      return parseBridgeConnection(await bridge.getConnection());
    } catch (error) {
      console.warn('[vigie] preload getConnection failed', error);
      return { ok: false, error: 'invalid-bridge' };
    }
  }
  return parseBootstrapFromUrl(window.location.href);
}
