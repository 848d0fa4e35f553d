import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CloseCodes, type ServerMessage } from '../../../src-shared/contract';
import { RefusalLog } from '../log/refusal-log';
import { AccessGuard, newToken } from './access-guard';
import { ClientSession, type SessionContext } from './client-session';
import { contentSecurityPolicy } from './csp';
import { MAX_MESSAGE_BYTES } from './message-limits';
import { serveStatic } from './static-files';

/**
 * Most windows connected at once. A workstation has at most 16 displays plus a few main courante
 * and administration windows; the bound is what makes the core's memory bound a number: each
 * window may hold one incoming message (MAX_MESSAGE_BYTES) and 16 MiB of unread output plus one
 * reply, so 64 windows hold about 1.6 GB at most even when every one is hostile. Refused with 503.
 */
export const MAX_SOCKETS = 64;

/** Sent with every HTTP response: no content sniffing, and the page's URL never leaves in a Referer. */
const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

export interface LocalServerOptions {
  port: number;
  rendererDir: string;
  context: SessionContext;
  /** JSON endpoints for diagnostics and tests (e.g. /api/streams), token-protected like the rest. */
  jsonRoutes: Record<string, () => unknown>;
}

/**
 * The core's one local server: HTTP for the renderer bundle and diagnostics, one WebSocket per
 * window for the API and multiplexed video. Loopback only, a fresh token per launch, Host and
 * Origin checked, so the same code path serves a browser page and an Electron window.
 */
export class LocalServer {
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;
  private guard: AccessGuard | null = null;
  private readonly sessions = new Set<ClientSession>();
  /** What callers without the token can make the core log: bounded (refusal-log.ts). */
  private readonly refusals = new RefusalLog();
  readonly token = newToken();

  constructor(private readonly options: LocalServerOptions) {}

  get port(): number {
    const address = this.http?.address() as AddressInfo | null | undefined;
    return address?.port ?? 0;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const http = createServer((req, res) => void this.onRequest(req, res));
    this.http = http;
    // A larger message is refused from its frame header (close 1009), before it is buffered or
    // parsed: see message-limits.ts. No compression, so the limit is also what the core buffers.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
    });
    http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    this.guard = new AccessGuard(this.token, this.port);
  }

  /** Sends a message to every connected window; returns how many received it. */
  broadcast(message: ServerMessage): number {
    let delivered = 0;
    for (const session of this.sessions) if (session.push(message)) delivered += 1;
    return delivered;
  }

  /** Per-window socket figures (slots, queued bytes, skipped chunks), for diagnostics. */
  sessionStats(): ReturnType<ClientSession['stats']>[] {
    return [...this.sessions].map((session) => session.stats());
  }

  /**
   * HTTP: JSON routes and renderer files with the token (query or Bearer header), or renderer
   * files under the page's secret folder `/app/<asset key>/` without it. A page opened with
   * `/?token=…` is redirected into that folder, so its relative asset URLs (the bundle is built
   * with `base: './'`) carry the asset key: no cookie is ever set (see AccessGuard for why).
   */
  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    const guard = this.guard;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!guard) {
      res.writeHead(503).end();
      return;
    }
    const asset = guard.assetPath(url.pathname);
    const verdict = asset === undefined ? guard.check(req, url, false) : guard.checkSource(req, false);
    if (!verdict.ok || asset === null) {
      const status = verdict.ok ? 401 : verdict.status;
      const reason = verdict.ok ? 'missing or wrong token' : verdict.reason;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${reason}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const pathname = asset ?? url.pathname;
    const route = asset === undefined ? this.options.jsonRoutes[pathname] : undefined;
    if (route) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(route()));
      return;
    }
    if ('via' in verdict && verdict.via === 'query' && (pathname === '/' || pathname === '/index.html')) {
      // Same query (token, display, view) in the page's secret folder; never cached, it holds the token.
      res.writeHead(303, { Location: `${guard.appPath}${url.search}`, 'Cache-Control': 'no-store' }).end();
      return;
    }
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(this.origin),
      'X-Frame-Options': 'DENY',
    };
    const served = await serveStatic(this.options.rendererDir, pathname, res, headers);
    if (!served) {
      const missingBundle = pathname === '/' || pathname === '/index.html';
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(missingBundle ? 'Renderer not built: run `npm run build:renderer`.\n' : 'Not found\n');
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const guard = this.guard;
    const wss = this.wss;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = guard?.check(req, url, true);
    const full = this.sessions.size >= MAX_SOCKETS;
    if (!guard || !wss || !verdict?.ok || url.pathname !== '/ws' || full) {
      const status = verdict && !verdict.ok ? verdict.status : url.pathname !== '/ws' ? 404 : 503;
      const reason =
        verdict && !verdict.ok ? verdict.reason : status === 503 ? 'too many windows' : 'bad path';
      this.refusals.refused(`socket refused (${reason})`, `from ${req.headers.origin ?? 'no origin'}`);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\nX-Content-Type-Options: nosniff\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new ClientSession(ws, this.options.context);
      this.sessions.add(session);
      ws.on('close', () => this.sessions.delete(session));
    });
  }

  async stop(): Promise<void> {
    this.refusals.stop();
    for (const client of this.wss?.clients ?? []) client.close(CloseCodes.shuttingDown, 'shutting down');
    for (const session of this.sessions) session.dispose();
    this.sessions.clear();
    this.wss?.close();
    const http = this.http;
    this.http = null;
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  }
}
