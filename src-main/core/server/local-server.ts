import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CloseCodes, type ServerMessage } from '../../../src-shared/contract';
import { log } from '../log/logger';
import { AccessGuard, newToken } from './access-guard';
import { ClientSession, type SessionContext } from './client-session';
import { contentSecurityPolicy } from './csp';
import { serveStatic } from './static-files';

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
    // Large enough for a 1080p snapshot PNG in base64; everything else is small JSON.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: 16 * 1024 * 1024,
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

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const guard = this.guard;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!guard) {
      res.writeHead(503).end();
      return;
    }
    const verdict = guard.check(req, url, false);
    if (!verdict.ok) {
      res
        .writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(`${verdict.reason}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const route = this.options.jsonRoutes[url.pathname];
    if (route) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(route()));
      return;
    }
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(this.origin),
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    };
    if (verdict.via === 'query') headers['Set-Cookie'] = guard.sessionCookie();
    const served = await serveStatic(this.options.rendererDir, url.pathname, res, headers);
    if (!served) {
      const missingBundle = url.pathname === '/' || url.pathname === '/index.html';
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(missingBundle ? 'Renderer not built: run `npm run build:renderer`.\n' : 'Not found\n');
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const guard = this.guard;
    const wss = this.wss;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = guard?.check(req, url, true);
    if (!guard || !wss || !verdict?.ok || url.pathname !== '/ws') {
      const status = verdict && !verdict.ok ? verdict.status : 404;
      log.warn(
        `socket refused (${verdict && !verdict.ok ? verdict.reason : 'bad path'}) from ${req.headers.origin ?? 'no origin'}`,
      );
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
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
