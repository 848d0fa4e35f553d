import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, TestClient, waitFor, type Harness } from '../../support/core-harness';

/** Raw GET so tests control Host and Origin exactly as a hostile page or process could. */
interface Reply {
  status: number;
  body: string;
  cookie?: string[];
  csp?: string;
  location?: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          cookie: res.headers['set-cookie'],
          csp: res.headers['content-security-policy'] as string | undefined,
          location: res.headers.location,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => resolve(-1));
  });
}

describe('local server access control', () => {
  let harness: Harness;
  let port: number;
  let token: string;
  let ws: string;

  beforeAll(async () => {
    harness = await startCore({ version: 1, demo: { count: 1 } });
    ({ port, token } = harness.endpoint);
    ws = `ws://127.0.0.1:${port}/ws`;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('binds to loopback only', () => {
    expect(harness.endpoint.origin).toBe(`http://127.0.0.1:${port}`);
  });

  it('refuses HTTP requests without the token or with a wrong one', async () => {
    expect((await get(port, '/api/streams')).status).toBe(401);
    expect((await get(port, '/api/streams?token=nope')).status).toBe(401);
    expect((await get(port, '/', { Cookie: `vigie_${port}=${token.slice(1)}` })).status).toBe(401);
    expect((await get(port, '/api/streams', { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('accepts the token by query or header, never by cookie', async () => {
    const page = await get(port, `/api/health?token=${token}`);
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body)).toMatchObject({ ok: true, cameras: 1 });
    expect((await get(port, '/api/health', { Authorization: `Bearer ${token}` })).status).toBe(200);
    // Cookies ignore ports (they would reach every local server): the page gets none, and is sent
    // to its per-launch asset folder instead (see attack-socket.test.ts).
    const redirect = await get(port, `/?token=${token}&display=1`);
    expect(redirect.status).toBe(303);
    expect(redirect.cookie).toBeUndefined();
    expect((await get(port, '/api/health', { Cookie: `vigie_${port}=${token}` })).status).toBe(401);
    const opened = await get(port, new URL(redirect.location ?? '', 'http://x').pathname);
    expect(opened.status).toBe(200);
    // The page is served with a strict CSP that only lets it talk to this core.
    expect(opened.csp).toContain("default-src 'self'");
    expect(opened.csp).toContain(`connect-src 'self' http://127.0.0.1:${port} ws://127.0.0.1:${port}`);
    expect(opened.csp).toContain("object-src 'none'");
  });

  it('never serves files outside the renderer folder', async () => {
    const escape = await get(port, `/..%2f..%2f..%2fetc%2fpasswd?token=${token}`);
    expect(escape.status).toBe(404);
    expect(escape.body).not.toContain('root:');
  });

  it('refuses a foreign Origin or Host even with the token', async () => {
    expect((await get(port, `/api/health?token=${token}`, { Origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await get(port, `/api/health?token=${token}`, { Host: `evil.example:${port}` })).status).toBe(
      403,
    );
  });

  it('refuses sockets without the token, with a foreign or missing Origin', async () => {
    const origin = `http://127.0.0.1:${port}`;
    expect(await openSocket(ws, origin)).toBe(401);
    expect(await openSocket(`${ws}?token=wrong`, origin)).toBe(401);
    expect(await openSocket(`${ws}?token=${token}`, 'http://evil.example')).toBe(403);
    expect(await openSocket(`${ws}?token=${token}`)).toBe(403);
    expect(await openSocket(`${ws}?token=${token}`, origin)).toBe('open');
    expect(await openSocket(`${ws}?token=${token}`, 'vigie://app')).toBe('open');
  });

  it('closes a socket that sends a message outside the contract, and keeps serving others', async () => {
    const bad = await TestClient.connect(harness.endpoint);
    const closed = new Promise<number>((resolve) => bad.socket.once('close', (code) => resolve(code)));
    bad.socket.send(
      JSON.stringify({ type: 'watch', slot: -1, cameraId: '../../etc/passwd', profile: 'grid' }),
    );
    expect(await closed).toBe(4002);

    const good = await TestClient.connect(harness.endpoint);
    good.watch(1, 'no-such-camera');
    const id = good.request('wall.get', { display: 1 });
    await waitFor('answers', () => good.messages.some((m) => m.type === 'response' && m.id === id));
    expect(good.messages).toContainEqual({ type: 'watch-refused', slot: 1, reason: 'unknown-camera' });
    const response = good.messages.find((m) => m.type === 'response');
    expect(response).toMatchObject({
      ok: true,
      result: { ok: true, value: { display: 1, layout: { columns: 2, rows: 2 } } },
    });
    const badParams = good.request('wall.get', { display: 'one' });
    await waitFor('error response', () =>
      good.messages.some((m) => m.type === 'response' && m.id === badParams),
    );
    expect(good.messages.find((m) => m.type === 'response' && m.id === badParams)).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    // The welcome lists cameras without any URL or credential.
    const welcome = good.messages.find((m) => m.type === 'welcome');
    expect(JSON.stringify(welcome)).not.toMatch(/rtsp:/);
    await good.close();
  });
});
