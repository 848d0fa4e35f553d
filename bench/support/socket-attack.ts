/**
 * Figures for the socket attacks of tests/core/server/attack-socket.test.ts, against a real core
 * in this process (the tests assert the defences; only the bench says what they cost):
 *  - the core's memory while a window that never reads asks for a 256 KiB wall state for 10 s;
 *  - another window's request round trip while messages built to freeze the event loop arrive
 *    (a 16 MB nested message, refused by size; a 7.5 MB one under the size limit, refused by
 *    the shape check), against a baseline measured in the same run.
 * The flooding sockets run in a child process, so their own framing and masking of megabytes
 * never lands on the event loop being measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { CloseCodes, MAX_WALL_STATE_BYTES, gridWallState, type WallState } from '../../src-shared/contract';
import { MAX_MESSAGE_BYTES } from '../../src-main/core/server/message-limits';
import {
  ask,
  resumeReading,
  startCore,
  stopReading,
  TestClient,
  whenClosed,
  type Harness,
} from '../../tests/support/core-harness';

interface Figure {
  name: string;
  value: number;
  unit: string;
}

const MB = 1024 * 1024;
const SLOW_READER_MS = 10_000;
const LATENCY_MS = 5_000;
const root = path.resolve(import.meta.dirname, '..', '..');

const config = {
  version: 1,
  site: { name: 'CSU bench' },
  cameras: [
    {
      id: 'cam-1',
      number: 1,
      name: 'Caméra 1',
      commune: 'Vigieville',
      zone: 'Bench',
      kind: 'security',
      rtsp: { main: 'rtsp://127.0.0.1:1/never-watched' },
    },
  ],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A wall state just under the contract's byte bound (long tours), the largest a window may store. */
function largestWallState(): WallState {
  const step = { cameraId: `cam-1-${'x'.repeat(58)}`, dwellSeconds: 3600 };
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  const state: WallState = { ...gridWallState(2, 2, ['cam-1']), tours: [] };
  for (let i = 0; i < 50; i += 1) {
    const tour = { id: `tour-${i}`, name: `Ronde ${i}`, steps: Array.from({ length: 200 }, () => step) };
    if (bytes({ ...state, tours: [...state.tours, tour] }) > MAX_WALL_STATE_BYTES - 1024) {
      const room = MAX_WALL_STATE_BYTES - 1024 - bytes(state) - bytes({ ...tour, steps: [] });
      tour.steps = tour.steps.slice(0, Math.floor(room / (bytes(step) + 1)));
      state.tours.push(tour);
      break;
    }
    state.tours.push(tour);
  }
  return state;
}

function memory(): { heap: number; rss: number } {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}

async function sessionsBuffered(harness: Harness): Promise<number[]> {
  const { origin, token } = harness.endpoint;
  const response = await fetch(`${origin}/api/sessions?token=${token}`);
  return ((await response.json()) as { bufferedBytes: number }[]).map((s) => s.bufferedBytes);
}

/** A window that stops reading and asks for the largest wall state, again and again, for 10 s. */
async function slowReaderFigures(harness: Harness): Promise<Figure[]> {
  const saver = await TestClient.connect(harness.endpoint);
  const saved = await ask(saver, 'wall.state.save', { display: 1, state: largestWallState() });
  if (!saved.ok) throw new Error(`could not save the wall state: ${JSON.stringify(saved)}`);
  const attacker = await TestClient.connect(harness.endpoint);
  await sleep(200);
  stopReading(attacker);
  const closed = whenClosed(attacker);
  global.gc?.();
  const before = memory();
  let peakHeap = 0;
  let peakRss = 0;
  let heldBytes = 0;
  let requests = 0;
  const sample = () => {
    const now = memory();
    peakHeap = Math.max(peakHeap, now.heap - before.heap);
    peakRss = Math.max(peakRss, now.rss - before.rss);
  };
  const sampler = setInterval(sample, 10);
  const poller = setInterval(
    () => void sessionsBuffered(harness).then((list) => (heldBytes = Math.max(heldBytes, ...list))),
    250,
  );
  const end = performance.now() + SLOW_READER_MS;
  while (performance.now() < end) {
    for (let i = 0; i < 20 && attacker.socket.readyState === WebSocket.OPEN; i += 1) {
      attacker.request('wall.state.get', { display: 1 });
      requests += 1;
    }
    await sleep(10);
  }
  clearInterval(sampler);
  clearInterval(poller);
  sample();
  resumeReading(attacker);
  const { code } = await closed;
  await saver.close();
  return [
    { name: 'slow reader: requests sent in 10 s', value: requests, unit: 'requests' },
    { name: 'slow reader: would-be replies', value: (requests * MAX_WALL_STATE_BYTES) / MB, unit: 'MB' },
    { name: 'slow reader: most the core held for it', value: heldBytes / MB, unit: 'MB' },
    { name: 'slow reader: core heap+external growth (peak)', value: peakHeap / MB, unit: 'MB' },
    { name: 'slow reader: core RSS growth (peak)', value: peakRss / MB, unit: 'MB' },
    {
      name: `slow reader: close code (${CloseCodes.slowConsumer} expected)`,
      value: code,
      unit: 'code',
    },
  ];
}

/**
 * Round trips of `wall.state.get` on one socket, one after the other, for `ms`, and the longest
 * the core's event loop was blocked meanwhile (this process is the core's).
 */
async function roundTrips(harness: Harness, ms: number): Promise<{ times: number[]; loopMaxMs: number }> {
  const { origin, token } = harness.endpoint;
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { origin });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const pending = new Map<number, () => void>();
  socket.on('message', (data: Buffer, binary: boolean) => {
    if (binary) return;
    const message = JSON.parse(data.toString('utf8')) as { type: string; id?: number };
    if (message.type === 'response' && message.id !== undefined) pending.get(message.id)?.();
  });
  const times: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const end = performance.now() + ms;
  for (let id = 1; performance.now() < end; id += 1) {
    const start = performance.now();
    await new Promise<void>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'request', id, method: 'wall.state.get', params: { display: 2 } }));
    });
    pending.delete(id);
    times.push(performance.now() - start);
  }
  loop.disable();
  socket.close();
  return { times, loopMaxMs: loop.max / 1e6 };
}

/** Time spent in round trips longer than 50 ms: what a window feels as a frozen core. */
function stalledMs(times: number[]): number {
  return times.filter((t) => t > 50).reduce((sum, t) => sum + t, 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * A child process that sends a `bytes`-long nested-array request again and again: the next one
 * as soon as the core answers, or on a new socket when the core closed the last one (the close
 * codes are printed).
 */
function flooder(harness: Harness, bytes: number): { child: ChildProcess; codes: () => number[] } {
  const script = `
    const WebSocket = require('ws');
    const [origin, token, size] = process.argv.slice(1);
    const envelope = (params) => '{"type":"request","id":1,"method":"wall.state.get","params":' + params + '}';
    const depth = Math.floor((Number(size) - envelope('').length) / 2);
    const message = envelope('['.repeat(depth) + ']'.repeat(depth));
    const once = () => {
      const ws = new WebSocket(origin.replace('http', 'ws') + '/ws?token=' + token, { origin });
      ws.on('open', () => ws.send(message));
      // A core that answers instead of closing gets the next one on the same socket.
      ws.on('message', () => ws.send(message));
      ws.on('error', () => {});
      ws.on('close', (code) => { process.stdout.write(code + '\\n'); setTimeout(once, 10); });
    };
    once();
  `;
  const child = spawn(
    process.execPath,
    ['-e', script, harness.endpoint.origin, harness.endpoint.token, String(bytes)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const codes: number[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) codes.push(Number(line));
  });
  return { child, codes: () => codes };
}

async function latencyFigures(harness: Harness): Promise<Figure[]> {
  const figures: Figure[] = [];
  await roundTrips(harness, 500); // warm-up
  const baseline = await roundTrips(harness, LATENCY_MS);
  const p50 = percentile(baseline.times, 50);
  const p95 = percentile(baseline.times, 95);
  figures.push(
    { name: 'round trip, baseline: p50', value: p50, unit: 'ms' },
    { name: 'round trip, baseline: p95', value: p95, unit: 'ms' },
    { name: 'round trip, baseline: max', value: Math.max(...baseline.times), unit: 'ms' },
    { name: 'round trip, baseline: time stalled (> 50 ms)', value: stalledMs(baseline.times), unit: 'ms' },
    { name: 'core event loop, baseline: longest block', value: baseline.loopMaxMs, unit: 'ms' },
  );
  const attacks = [16_000_000, 7_500_000].map((bytes) => ({
    bytes,
    label: `${(bytes / 1e6).toFixed(1)} MB nested messages (${bytes > MAX_MESSAGE_BYTES ? 'over' : 'under'} the size limit)`,
  }));
  for (const attack of attacks) {
    const flood = flooder(harness, attack.bytes);
    await sleep(1_000);
    const { times, loopMaxMs } = await roundTrips(harness, LATENCY_MS);
    flood.child.kill('SIGKILL');
    await sleep(500);
    const codes = flood.codes();
    const a50 = percentile(times, 50);
    const a95 = percentile(times, 95);
    figures.push(
      { name: `round trip, ${attack.label}: p50`, value: a50, unit: 'ms' },
      { name: `round trip, ${attack.label}: p95`, value: a95, unit: 'ms' },
      { name: `round trip, ${attack.label}: max`, value: Math.max(...times), unit: 'ms' },
      { name: `round trip, ${attack.label}: time stalled (> 50 ms)`, value: stalledMs(times), unit: 'ms' },
      { name: `core event loop, ${attack.label}: longest block`, value: loopMaxMs, unit: 'ms' },
      { name: `round trip, ${attack.label}: p50 ratio to baseline`, value: a50 / p50, unit: 'x' },
      { name: `round trip, ${attack.label}: p95 ratio to baseline`, value: a95 / p95, unit: 'x' },
      {
        name: `${attack.label}: messages refused (close 1009)`,
        value: codes.filter((c) => c === 1009).length,
        unit: 'messages',
      },
      {
        name: `${attack.label}: sockets closed otherwise`,
        value: codes.filter((c) => c !== 1009).length,
        unit: 'sockets',
      },
    );
  }
  return figures;
}

/** Every figure of the socket attacks, for the hardening bench suite. */
export async function socketAttackFigures(): Promise<Figure[]> {
  const harness = await startCore(config);
  try {
    return [...(await slowReaderFigures(harness)), ...(await latencyFigures(harness))];
  } finally {
    await harness.close();
  }
}
