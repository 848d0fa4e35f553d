import { contentSecurityPolicy as coreContentSecurityPolicy } from '../core/server/csp';

/**
 * The shell's security settings, as pure data and functions: no Electron import, so unit tests
 * pin every option and a regression (someone flipping `sandbox` to get a Node API in the page)
 * fails CI instead of shipping.
 */

/** Custom scheme serving the renderer in Electron; privileged (standard, secure) before `ready`. */
export const APP_SCHEME = 'vigie';
/** The one host of the scheme, so `vigie://app` is a single origin every check compares against. */
export const APP_HOST = 'app';
/** The renderer's origin in Electron; navigation and IPC are only trusted from here. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The `webPreferences` every wall window gets: a page that can reach Node would own the CCTV network. */
export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  backgroundThrottling: false;
  preload: string;
}

/**
 * Web preferences for wall windows. The renderer only needs the preload's two-method bridge, so
 * everything else a compromised page could use (Node, webviews, mixed content) is off; spellcheck
 * is off because it would download dictionaries from the Internet on an isolated network.
 * Background throttling is off: Chromium slows a window it considers hidden to ~2 frames a
 * second, and a wall monitor is never allowed to fall behind because another window has focus.
 */
export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    backgroundThrottling: false,
    preload: preloadPath,
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a window may navigate to `url`: only within the app's own origin. Compared on scheme
 * and host rather than `URL.origin`, which is "null" for custom schemes in Node; origins without
 * a host (file:, data:, about:) never match, and URLs carrying credentials are refused so
 * `vigie://app@evil/` tricks cannot pass.
 */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  const target = parse(url);
  const app = parse(appOrigin);
  if (!target || !app || app.host === '') return false;
  if (target.username !== '' || target.password !== '') return false;
  // Node keeps custom-scheme hosts as typed while Chromium lowercases standard schemes: compare
  // case-insensitively so both sides agree.
  return target.protocol === app.protocol && target.host.toLowerCase() === app.host.toLowerCase();
}

/** Whether `url` is a page of the app itself; IPC from any other frame is refused. */
export function isAppUrl(url: string): boolean {
  return isAllowedNavigation(url, APP_ORIGIN);
}

/**
 * Maps `vigie://app/<path>?<query>` to the core's `<coreOrigin>/<path>?<query>`, or null for any
 * other host, a malformed URL, or a path hiding `..` or NUL behind percent-encoding (plain dot
 * segments are already resolved by URL parsing and cannot rise above the root). The shell proxies
 * only what this returns, so the renderer cannot reach another server or file through it.
 */
export function proxyTarget(requestUrl: string, coreOrigin: string): string | null {
  const request = parse(requestUrl);
  const core = parse(coreOrigin);
  if (!request || !core || !isAppUrl(requestUrl)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(request.pathname);
  } catch {
    return null;
  }
  if (decoded.split(/[\\/]/).some((segment) => segment === '..') || decoded.includes('\0')) return null;
  return `${core.origin}${request.pathname}${request.search}`;
}

function loopbackHttpOrigin(coreOrigin: string): URL {
  const core = parse(coreOrigin);
  if (
    !core ||
    core.protocol !== 'http:' ||
    core.username !== '' ||
    core.password !== '' ||
    (core.pathname !== '/' && core.pathname !== '') ||
    core.search !== '' ||
    core.hash !== ''
  ) {
    throw new Error(`core origin must be a bare http:// origin, got ${JSON.stringify(coreOrigin)}`);
  }
  return core;
}

/**
 * The Content-Security-Policy for vigie:// pages: the core's own policy (one definition for the
 * browser host and Electron, so a page never works in one and breaks in the other), after
 * checking the origin is a bare loopback http origin so a malformed value cannot inject
 * directives.
 */
export function contentSecurityPolicy(coreOrigin: string): string {
  return coreContentSecurityPolicy(loopbackHttpOrigin(coreOrigin).origin);
}
