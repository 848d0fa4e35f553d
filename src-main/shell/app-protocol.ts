/**
 * The `vigie://` protocol: how every window gets the renderer from the core's one local server,
 * so Electron and the browser load the very same bundle. The token travels in a header added
 * here, never in the page's URL, and every response carries the app's Content-Security-Policy.
 *
 * Which URLs may be proxied, and the policy itself, are pure functions of `security.ts` (unit
 * tested); this file only wires them to Electron's `protocol` and `net`.
 */
import { net, protocol } from 'electron';
import { log } from '../core/log/logger';
import type { CoreEndpoint } from '../core/vigie-core';
import { APP_SCHEME, contentSecurityPolicy, proxyTarget } from './security';

/** Statuses whose responses must have no body (the Response constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Declares the scheme privileged; must be called before `ready`. Standard (relative URLs and a
 * real origin), secure (a secure context, so ws://127.0.0.1 and WASM behave as on https),
 * fetch-able.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves vigie://app/* from the core at `target`: GET and HEAD only, only what `proxyTarget`
 * maps, with the Bearer token added and cookies and stale encoding headers dropped.
 */
export function serveRenderer(target: CoreEndpoint): void {
  const csp = contentSecurityPolicy(target.origin);
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405 });
    }
    const url = proxyTarget(request.url, target.origin);
    if (!url) return new Response('Not found', { status: 404 });
    let upstream: Response;
    try {
      upstream = await net.fetch(url, {
        method: request.method,
        headers: { Authorization: `Bearer ${target.token}` },
        credentials: 'omit',
        bypassCustomProtocolHandlers: true,
      });
    } catch (error) {
      log.error(`shell: core unreachable for ${url}`, error);
      return new Response('Core unreachable', { status: 502 });
    }
    const headers = new Headers(upstream.headers);
    // The body arrives decoded; stale length/encoding headers would corrupt it.
    headers.delete('content-encoding');
    headers.delete('content-length');
    headers.delete('set-cookie');
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    const body = request.method === 'HEAD' || NULL_BODY_STATUSES.has(upstream.status) ? null : upstream.body;
    return new Response(body, { status: upstream.status, statusText: upstream.statusText, headers });
  });
}
