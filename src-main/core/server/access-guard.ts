import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Origin of pages the Electron shell loads through its custom protocol. */
export const ELECTRON_APP_ORIGIN = 'vigie://app';

export type AccessVerdict =
  { ok: true; via: 'query' | 'cookie' | 'header' } | { ok: false; status: 401 | 403; reason: string };

/** A fresh per-launch secret: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Decides whether a request or socket may reach the core. The server only listens on loopback,
 * but any local process or web page could still knock: every request needs the per-launch token,
 * the Host must be the loopback name (DNS rebinding), and an Origin, when sent, must be ours.
 */
export class AccessGuard {
  readonly cookieName: string;
  private readonly tokenBytes: Buffer;
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(
    readonly token: string,
    readonly port: number,
  ) {
    this.tokenBytes = Buffer.from(token);
    this.cookieName = `vigie_${port}`;
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, ELECTRON_APP_ORIGIN]);
  }

  tokenMatches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === this.tokenBytes.length && timingSafeEqual(bytes, this.tokenBytes);
  }

  /** `requireOrigin`: sockets must always present an allowed Origin (browsers always send one). */
  check(req: IncomingMessage, url: URL, requireOrigin: boolean): AccessVerdict {
    const host = req.headers.host ?? '';
    if (!this.hosts.has(host.toLowerCase())) return { ok: false, status: 403, reason: 'bad host' };
    const origin = req.headers.origin;
    if (origin !== undefined || requireOrigin) {
      if (!origin || !this.origins.has(origin))
        return { ok: false, status: 403, reason: 'origin not allowed' };
    }
    if (this.tokenMatches(url.searchParams.get('token'))) return { ok: true, via: 'query' };
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && this.tokenMatches(auth.slice(7))) return { ok: true, via: 'header' };
    if (this.tokenMatches(readCookie(req.headers.cookie, this.cookieName)))
      return { ok: true, via: 'cookie' };
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  }

  /** Lets the page's own asset requests through once the page was opened with the token. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}
