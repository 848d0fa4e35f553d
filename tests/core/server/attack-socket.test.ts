/**
 * Attacks by a token holder with no login (any local account that saw the wall's URL), replayed
 * against the real core over real sockets: a window that never reads its replies, messages built
 * to freeze the event loop, oversized stored state, a huge config, and the token leaking to
 * another local server through the browser. Each test fails on a core without the defence.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloseCodes,
  MAX_SNAPSHOT_BASE64,
  MAX_WALL_STATE_BYTES,
  gridWallState,
  type ServerMessage,
  type WallState,
} from '../../../src-shared/contract';
import { buildSocketUrl, parseBootstrapFromUrl } from '../../../src-renderer/shared/connection/bootstrap';
import { MAX_CAMERAS } from '../../../src-main/core/config/config-schema';
import { ConfigError, validateConfig } from '../../../src-main/core/config/load-config';
import { MAX_MESSAGE_BYTES } from '../../../src-main/core/server/message-limits';
import { MAX_SOCKETS } from '../../../src-main/core/server/local-server';
import { DEFAULT_VIDEO_FLOW } from '../../../src-main/core/server/video-flow';
import { testCamera } from '../../support/camera-config';
import {
  ask,
  resumeReading,
  startCore,
  stopReading,
  TestClient,
  waitFor,
  whenClosed,
  type Harness,
} from '../../support/core-harness';

/** No demo fleet and no camera ever watched: nothing but the core's own code runs. */
const config = {
  version: 1,
  site: { name: 'CSU attaque' },
  cameras: [testCamera('cam-1', 1, 'rtsp://127.0.0.1:1/never-watched')],
};

/** The core's memory that a flood of replies would fill: JS heap plus Buffers. */
function memoryBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

const MB = 1024 * 1024;
/** Generous: the defended core holds ~16 MiB for the attacker; the undefended one grows by GBs. */
const MEMORY_BOUND = 512 * MB;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** A wall state just under `bytes` of JSON, as large as the contract lets any window store. */
function wallStateOfAbout(bytes: number): WallState {
  const base = gridWallState(2, 2, ['cam-1']);
  const step = { cameraId: `cam-1-${'x'.repeat(58)}`, dwellSeconds: 3600 };
  const tour = (i: number, steps: number) => ({
    id: `tour-${i}`,
    name: `Ronde ${i}`,
    steps: Array.from({ length: steps }, () => step),
  });
  let state: WallState = { ...base, tours: [] };
  for (let i = 0; i < 50; i += 1) {
    const next = { ...state, tours: [...state.tours, tour(i, 200)] };
    if (jsonBytes(next) <= bytes) {
      state = next;
      continue;
    }
    const room = bytes - jsonBytes(state) - jsonBytes(tour(i, 0)) - 1;
    const steps = Math.floor(room / (jsonBytes(step) + 1));
    if (steps >= 1) state = { ...state, tours: [...state.tours, tour(i, steps)] };
    break;
  }
  return state;
}

/** The legitimate state with the most JSON values per byte (tiny ids), at the byte bound. */
function valueHeavyWallState(): WallState {
  const state: WallState = {
    ...gridWallState(8, 8, []),
    assignments: Array.from({ length: 1024 }, () => null),
  };
  state.tileTours = Object.fromEntries(Array.from({ length: 1024 }, (_, i) => [String(i), 't']));
  const step = { cameraId: 'c', dwellSeconds: 2 };
  for (let i = 0; i < 50; i += 1) {
    const tour = { id: i === 0 ? 't' : `t${i}`, name: 'r', steps: Array.from({ length: 200 }, () => step) };
    const next = { ...state, tours: [...state.tours, tour] };
    if (jsonBytes(next) > MAX_WALL_STATE_BYTES) {
      const room = MAX_WALL_STATE_BYTES - jsonBytes(state) - jsonBytes({ ...tour, steps: [] }) - 1;
      tour.steps = tour.steps.slice(0, Math.floor(room / (jsonBytes(step) + 1)));
      state.tours = [...state.tours, tour];
      break;
    }
    state.tours = next.tours;
  }
  return state;
}

/** Either the socket closed (with its code) or the request was answered, whichever comes first. */
async function closedOrAnswered(
  client: TestClient,
  id: number,
): Promise<{ closed: number } | { response: ServerMessage }> {
  let code: number | null = null;
  client.socket.once('close', (c: number) => (code = c));
  return waitFor('the socket to close or the request to be answered', () => {
    if (code !== null) return { closed: code };
    const response = client.messages.find((m) => m.type === 'response' && m.id === id);
    return response ? { response } : null;
  });
}

/** Opens and closes a socket: 101 when it opened, else the HTTP status of the refusal. */
function openSocket(url: string, origin: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => resolve(-1));
  });
}

/** A request envelope around `params` given as raw JSON text. */
function rawRequest(id: number, method: string, paramsJson: string): string {
  return `{"type":"request","id":${id},"method":"${method}","params":${paramsJson}}`;
}

/** `depth` nested arrays: `[[[…]]]`. */
function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('a token holder attacking the core over its socket', () => {
  let harness: Harness;
  let rendererDir: string;

  beforeAll(async () => {
    // A renderer folder shaped like Vite's output: index.html loading relative ./assets/ files.
    rendererDir = mkdtempSync(path.join(tmpdir(), 'vigie-attack-renderer-'));
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><title>Vigie</title>' +
        '<script type="module" crossorigin src="./assets/app.js"></script>' +
        '<link rel="stylesheet" crossorigin href="./assets/app.css">',
    );
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("vigie");\n');
    writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body { color: white; }\n');
    harness = await startCore(config, { rendererDir });
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  async function sessions(): Promise<{ bufferedBytes: number }[]> {
    const response = await fetch(`${harness.endpoint.origin}/api/sessions?token=${harness.endpoint.token}`);
    return (await response.json()) as { bufferedBytes: number }[];
  }

  it('closes a window that asks for a large wall state without reading, with bounded memory', async () => {
    const saver = await TestClient.connect(harness.endpoint);
    const big = wallStateOfAbout(MAX_WALL_STATE_BYTES - 1024);
    expect(jsonBytes(big)).toBeGreaterThan(MAX_WALL_STATE_BYTES - 8 * 1024);
    expect(await ask(saver, 'wall.state.save', { display: 1, state: big })).toMatchObject({ ok: true });

    const attacker = await TestClient.connect(harness.endpoint);
    await waitFor('welcome', () => attacker.messages.some((m) => m.type === 'welcome'));
    stopReading(attacker);
    const closed = whenClosed(attacker);
    const before = memoryBytes();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryBytes() - before)), 5);
    try {
      // 4,000 requests for a ~256 KB reply: 1 GB of replies if the core queued them all.
      for (let sent = 0; sent < 4000 && peak < MEMORY_BOUND; sent += 50) {
        for (let i = 0; i < 50; i += 1) attacker.request('wall.state.get', { display: 1 });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Both a defended and an undefended core get past the bound; only one stops there.
      await waitFor('the core to hold more than the bound for the attacker', async () =>
        (await sessions()).some((s) => s.bufferedBytes > DEFAULT_VIDEO_FLOW.disconnectBytes),
      );
      // The core still answers everyone else.
      expect(await ask(saver, 'wall.state.get', { display: 2 })).toMatchObject({ ok: true });
      peak = Math.max(peak, memoryBytes() - before);
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBeLessThan(MEMORY_BOUND);
    // Reading again, the attacker finds its replies up to the bound, then the close frame.
    resumeReading(attacker);
    expect((await closed).code).toBe(CloseCodes.slowConsumer);
    await saver.close();
  });

  it('refuses a message over the size limit before parsing it, and keeps serving other sockets', async () => {
    const bystander = await TestClient.connect(harness.endpoint);
    const attacker = await TestClient.connect(harness.endpoint);
    const closed = whenClosed(attacker);
    // The 16 MB nested message that froze every other socket for 6.8 s.
    const depth = 8_000_000 - 40;
    const message = rawRequest(1, 'wall.state.get', nested(depth));
    expect(message.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    attacker.socket.send(message);
    const during = ask(bystander, 'wall.state.get', { display: 1 });
    expect(await closedOrAnswered(attacker, 1)).toEqual({ closed: 1009 });
    expect((await closed).code).toBe(1009);
    expect(await during).toMatchObject({ ok: true });
    expect(await ask(bystander, 'streams.list', {})).toMatchObject({ ok: true });
    await bystander.close();
  });

  it('refuses nesting and value floods under the size limit before JSON.parse sees them', async () => {
    const bystander = await TestClient.connect(harness.endpoint);
    const floods = {
      // 2 MB of brackets: JSON.parse alone spends ~0.5 s building a million nested arrays.
      deep: rawRequest(7, 'wall.state.get', nested(1_000_000)),
      // Half a million object keys: zod spends about half a second refusing them.
      wide: rawRequest(
        7,
        'wall.state.save',
        `{"display":1,"state":{"tileTours":{${Array.from({ length: 500_000 }, (_, i) => `"${i}":"t"`).join(',')}}}}`,
      ),
    };
    for (const [name, message] of Object.entries(floods)) {
      expect(message.length, name).toBeLessThan(MAX_MESSAGE_BYTES);
      const attacker = await TestClient.connect(harness.endpoint);
      attacker.socket.send(message);
      expect(await closedOrAnswered(attacker, 7), name).toEqual({ closed: 1009 });
    }
    expect(await ask(bystander, 'wall.state.get', { display: 1 })).toMatchObject({ ok: true });
    await bystander.close();
  });

  it('still accepts the largest legitimate messages: a full-size snapshot, a value-heavy wall state', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const heavy = valueHeavyWallState();
    expect(jsonBytes(heavy)).toBeLessThanOrEqual(MAX_WALL_STATE_BYTES);
    expect(await ask(client, 'wall.state.save', { display: 3, state: heavy })).toMatchObject({ ok: true });
    // Whatever the snapshot handler decides (not a PNG, nobody logged in), the transport lets
    // the largest picture the contract allows through, and its schema does not find it too big.
    const id = client.request('snapshot.save', {
      cameraId: 'cam-1',
      pngBase64: 'A'.repeat(MAX_SNAPSHOT_BASE64),
    });
    const outcome = await closedOrAnswered(client, id);
    expect(outcome).toHaveProperty('response');
    expect(JSON.stringify(outcome)).not.toContain('bad-request');
    await client.close();
  });

  it('refuses a wall state over its bounds with a clear bad-request, and stores nothing', async () => {
    const client = await TestClient.connect(harness.endpoint);
    const base = gridWallState(2, 2, ['cam-1']);
    // The 5 MB state of the report, in one string the old schema did not bound.
    const fiveMb = { ...base, tileTours: { '0': 't'.repeat(5_000_000) } };
    // Within every field's bound, but 1 MB in all.
    const oneMb = wallStateOfAbout(1024 * 1024);
    const manyTiles = {
      ...base,
      tileTours: Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [String(i), 't'])),
    };
    for (const [name, state] of Object.entries({ fiveMb, oneMb, manyTiles })) {
      const response = await ask(client, 'wall.state.save', { display: 2, state });
      expect(response, name).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    const tooLarge = await ask(client, 'wall.state.save', { display: 2, state: oneMb });
    expect(JSON.stringify(tooLarge)).toContain(`at most ${MAX_WALL_STATE_BYTES}`);
    expect(await ask(client, 'wall.state.get', { display: 2 })).toMatchObject({
      ok: true,
      result: { ok: true, value: { saved: false } },
    });
    await client.close();
  });

  it(`refuses a ${MAX_CAMERAS + 1}-camera config by its schema, naming the maximum`, () => {
    const cameras = (count: number) =>
      Array.from({ length: count }, (_, i) => testCamera(`c${i}`, i, `rtsp://10.0.0.1/${i}`));
    expect(validateConfig({ version: 1, cameras: cameras(MAX_CAMERAS) }, '(test)').cameras).toHaveLength(
      2000,
    );
    let error: unknown;
    try {
      validateConfig({ version: 1, cameras: cameras(MAX_CAMERAS + 1) }, '(test)');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { path: 'cameras', message: 'at most 2000 cameras are supported per configuration' },
    ]);
  });

  it('refuses more than MAX_SOCKETS windows at once, and keeps the others working', async () => {
    await waitFor('earlier sockets to be gone', async () => (await sessions()).length === 0);
    const clients = await Promise.all(
      Array.from({ length: MAX_SOCKETS }, () => TestClient.connect(harness.endpoint)),
    );
    try {
      await expect(TestClient.connect(harness.endpoint)).rejects.toThrow(/503/);
      expect(await ask(clients[0]!, 'wall.state.get', { display: 1 })).toMatchObject({ ok: true });
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('sends nosniff with every response: JSON, the page, its assets and refusals', async () => {
    const { origin, token } = harness.endpoint;
    const opened = await fetch(`${origin}/?token=${token}&display=1`, { redirect: 'manual' });
    const page = new URL(opened.headers.get('location') ?? '', origin);
    const responses = {
      health: await fetch(`${origin}/api/health?token=${token}`),
      headerAuth: await fetch(`${origin}/index.html`, { headers: { Authorization: `Bearer ${token}` } }),
      redirect: opened,
      page: await fetch(page),
      asset: await fetch(new URL('assets/app.js', page)),
      refused: await fetch(`${origin}/api/health`),
      missing: await fetch(new URL('assets/none.js', page)),
    };
    for (const [name, response] of Object.entries(responses)) {
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
      await response.arrayBuffer();
    }
    expect(responses.health.headers.get('content-type')).toContain('application/json');
    expect(responses.refused.status).toBe(401);
  });

  describe('the browser page and another local server', () => {
    let other: Server;
    const seen: IncomingHttpHeaders[] = [];

    beforeAll(async () => {
      // Any local account can run this: a plain server on another loopback port, logging headers.
      other = createServer((req, res) => {
        seen.push(req.headers);
        res.end('hello');
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    });

    it('opens the wall without the token ever reaching the other server', async () => {
      const { origin, token } = harness.endpoint;
      // A browser's cookie jar for 127.0.0.1: browsers ignore the port when sending cookies.
      const jar = new Map<string, string>();
      let referrerPolicy: string | null = null;
      const browse = async (url: string | URL): Promise<Response> => {
        const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
        const response = await fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const equals = pair.indexOf('=');
          jar.set(pair.slice(0, equals).trim(), pair.slice(equals + 1));
        }
        referrerPolicy = response.headers.get('referrer-policy') ?? referrerPolicy;
        return response;
      };

      // What the page does: open the printed URL (following redirects), load its relative assets.
      let pageUrl = new URL(harness.endpoint.wallUrl(1));
      let page = await browse(pageUrl);
      for (let hops = 0; page.status >= 300 && page.status < 400 && hops < 5; hops += 1) {
        await page.arrayBuffer();
        pageUrl = new URL(page.headers.get('location') ?? '', pageUrl);
        page = await browse(pageUrl);
      }
      expect(page.status).toBe(200);
      const html = await page.text();
      const assets = [...html.matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets).toEqual(['./assets/app.js', './assets/app.css']);
      for (const asset of assets) {
        const response = await browse(new URL(asset, pageUrl));
        expect(response.status, asset).toBe(200);
        await response.arrayBuffer();
      }
      // The page reads its bootstrap from its URL and opens its socket, with the renderer's code.
      const bootstrap = parseBootstrapFromUrl(pageUrl.href);
      expect(bootstrap).toEqual({ ok: true, bootstrap: { serverUrl: origin, token, display: 1 } });
      const socketUrl = buildSocketUrl(origin, token);
      expect(await openSocket(socketUrl, origin)).toBe(101);

      // Then the same browser visits the other local server (a link, a tab): cookies and Referer.
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      await (
        await fetch(otherUrl, {
          headers: {
            ...(cookie ? { Cookie: cookie } : {}),
            ...(referrerPolicy === 'no-referrer' ? {} : { Referer: pageUrl.toString() }),
          },
        })
      ).text();
      expect(seen).toHaveLength(1);
      expect(JSON.stringify(seen)).not.toContain(token);
      expect(jar.size).toBe(0);
    });

    it('serves the page folder to its secret key only, and the key opens nothing else', async () => {
      const { origin, token } = harness.endpoint;
      const opened = await fetch(`${origin}/?token=${token}`, { redirect: 'manual' });
      const pageUrl = new URL(opened.headers.get('location') ?? '', origin);
      const key = pageUrl.pathname.split('/')[2] ?? '';
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(key).not.toBe(token);
      const status = async (url: string) => {
        const response = await fetch(url, { redirect: 'manual' });
        await response.arrayBuffer();
        return response.status;
      };
      expect(await status(`${origin}/assets/app.js`)).toBe(401);
      expect(await status(`${origin}/app/${key.slice(1)}x/assets/app.js`)).toBe(401);
      expect(await status(`${origin}/app/${key}/assets/app.js`)).toBe(200);
      expect(await status(`${origin}/app/${key}/api/health`)).toBe(404);
      expect(await status(`${origin}/api/health?token=${key}`)).toBe(401);
      expect(await openSocket(`${origin.replace('http', 'ws')}/ws?token=${key}`, origin)).toBe(401);
    });
  });
});
