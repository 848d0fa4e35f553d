import { BridgeConnectionSchema } from '../../../src-shared/contract';

/** Where this window's core is, how to authenticate, and which physical display it fills. */
export interface Bootstrap {
  serverUrl: string;
  token: string;
  display: number;
}

/** Why the window cannot start: each maps to a French explanation on the error screen. */
export type BootstrapError = 'missing-token' | 'invalid-display' | 'invalid-bridge' | 'no-server';

/** A result rather than an exception: a bad address is an expected, displayable outcome. */
export type BootstrapResult = { ok: true; bootstrap: Bootstrap } | { ok: false; error: BootstrapError };

/** Highest display number the core accepts in `wall.get` (see ApiMethods in the contract). */
export const MAX_DISPLAY = 16;

/**
 * Reads the browser-mode bootstrap from the page address
 * (`http://127.0.0.1:PORT/?token=TOKEN&display=N`).
 *
 * The page is served by the core itself, so its origin *is* the server URL. The core redirects
 * that address into the page's per-launch folder (`/app/<asset key>/?token=…`) so that asset
 * requests need no cookie (a cookie would reach every server on 127.0.0.1, whatever its port);
 * the path is the core's business, only the query matters here. A missing display
 * means the first screen; a malformed one is refused rather than guessed, so a mistyped shortcut
 * never silently shows another screen's cameras.
 */
export function parseBootstrapFromUrl(href: string): BootstrapResult {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { ok: false, error: 'no-server' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'no-server' };
  const token = url.searchParams.get('token');
  if (!token) return { ok: false, error: 'missing-token' };
  const display = parseDisplay(url.searchParams.get('display'));
  if (display === null) return { ok: false, error: 'invalid-display' };
  return { ok: true, bootstrap: { serverUrl: url.origin, token, display } };
}

/**
 * Validates what the Electron preload returned. The preload is trusted code, but the schema still
 * runs so a shell/renderer version skew shows a clear message instead of a blank wall.
 */
export function parseBridgeConnection(value: unknown): BootstrapResult {
  const parsed = BridgeConnectionSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: 'invalid-bridge' };
  if (parsed.data.display > MAX_DISPLAY) return { ok: false, error: 'invalid-display' };
  const { serverUrl, token, display } = parsed.data;
  return { ok: true, bootstrap: { serverUrl: serverUrl.replace(/\/+$/, ''), token, display } };
}

/** `null` (absent) means display 1; anything but a plain integer in 1..MAX_DISPLAY is invalid. */
function parseDisplay(raw: string | null): number | null {
  if (raw === null || raw === '') return 1;
  if (!/^\d{1,2}$/.test(raw)) return null;
  const display = Number(raw);
  return display >= 1 && display <= MAX_DISPLAY ? display : null;
}

/**
 * The socket address for a server URL: same host and port, ws(s) scheme, `/ws` path, token in
 * the query (browsers cannot set headers on a WebSocket handshake).
 */
export function buildSocketUrl(serverUrl: string, token: string): string {
  const url = new URL('/ws', serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.searchParams.set('token', token);
  return url.toString();
}
