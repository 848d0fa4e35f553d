import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Origin of pages the Electron shell loads through its custom protocol. */
export const ELECTRON_APP_ORIGIN = 'vigie://app';

/** Where the renderer bundle is served in browser mode: `/app/<asset key>/…` (see AccessGuard). */
export const APP_PATH_PREFIX = '/app/';

export type AccessVerdict =
  { ok: true; via: 'query' | 'header' } | { ok: false; status: 401 | 403; reason: string };

export type SourceVerdict = { ok: true } | { ok: false; status: 403; reason: string };

/** A fresh per-launch secret: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Decides whether a request or socket may reach the core. The server only listens on loopback,
 * but any local process or web page could still knock: every request needs the per-launch token,
 * the Host must be the loopback name (DNS rebinding), and an Origin, when sent, must be ours.
 *
 * The token travels only in the query (browser page, socket) or an `Authorization` header
 * (Electron's proxy, tools), never in a cookie: browsers scope cookies by host and ignore the
 * port, so a cookie set by 127.0.0.1:PORT is sent to every other server on 127.0.0.1 as well,
 * which handed the token to any local account able to open a port. A browser page's own asset
 * requests cannot carry the token, so the bundle is served under a second per-launch secret, the
 * asset key, in the path (`/app/<asset key>/`). That key opens the static renderer files and
 * nothing else (no API route, no socket): were it ever to leak, it gives away the public bundle.
 */
export class AccessGuard {
  /** Per-launch secret naming the browser page's asset folder; unrelated to the token. */
  readonly assetKey = newToken();
  private readonly tokenBytes: Buffer;
  private readonly assetKeyBytes: Buffer;
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(
    readonly token: string,
    readonly port: number,
  ) {
    this.tokenBytes = Buffer.from(token);
    this.assetKeyBytes = Buffer.from(this.assetKey);
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, ELECTRON_APP_ORIGIN]);
  }

  /** The browser page's folder, e.g. `/app/<asset key>/` (the redirect target of `/?token=…`). */
  get appPath(): string {
    return `${APP_PATH_PREFIX}${this.assetKey}/`;
  }

  tokenMatches(candidate: string | null | undefined): boolean {
    return secretMatches(this.tokenBytes, candidate);
  }

  /** Host is ours, and the Origin too when sent (`requireOrigin`: sockets must always send one). */
  checkSource(req: IncomingMessage, requireOrigin: boolean): SourceVerdict {
    const host = req.headers.host ?? '';
    if (!this.hosts.has(host.toLowerCase())) return { ok: false, status: 403, reason: 'bad host' };
    const origin = req.headers.origin;
    if (origin !== undefined || requireOrigin) {
      if (!origin || !this.origins.has(origin))
        return { ok: false, status: 403, reason: 'origin not allowed' };
    }
    return { ok: true };
  }

  /** `requireOrigin`: sockets must always present an allowed Origin (browsers always send one). */
  check(req: IncomingMessage, url: URL, requireOrigin: boolean): AccessVerdict {
    const source = this.checkSource(req, requireOrigin);
    if (!source.ok) return source;
    if (this.tokenMatches(url.searchParams.get('token'))) return { ok: true, via: 'query' };
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && this.tokenMatches(auth.slice(7))) return { ok: true, via: 'header' };
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  }

  /**
   * For a path under `/app/`: the renderer file it names (`/` for the page itself) when the asset
   * key is right, else null. Undefined for any path outside `/app/`.
   */
  assetPath(pathname: string): string | null | undefined {
    if (!pathname.startsWith(APP_PATH_PREFIX)) return undefined;
    const rest = pathname.slice(APP_PATH_PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash < 0 || !secretMatches(this.assetKeyBytes, rest.slice(0, slash))) return null;
    return rest.slice(slash);
  }
}

function secretMatches(secret: Buffer, candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const bytes = Buffer.from(candidate);
  return bytes.length === secret.length && timingSafeEqual(bytes, secret);
}
