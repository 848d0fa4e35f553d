import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import {
  readVideoHeader,
  VIDEO_FLAG_H264,
  VIDEO_FLAG_KEYFRAME,
  type PassthroughCodec,
  type StreamStatus,
} from '../../src-shared/contract';
import { validateConfig } from '../../src-main/core/config/load-config';
import { DemoFleet } from '../../src-main/core/demo/demo-fleet';
import type { DemoCameraSpec } from '../../src-main/core/demo/demo-cameras';
import { ffmpegPath } from '../../src-main/core/relay/ffmpeg-process';
import { seedArgs } from '../../src-main/core/relay/ffmpeg-args';
import { VigieCore, type CoreEndpoint } from '../../src-main/core/vigie-core';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { cpuShare, percentile, selfCpuSeconds } from '../support/proc-cpu';
import { nodeRelayFloor } from '../support/node-relay-floor';
import { measureStampAndLag } from '../support/stamp-latency';

const WARM_MS = 3000;
const MEASURE_MS = 8000;
/** Passthrough's core and the Node floor under it: longer, so the JIT has settled and a 1 % share is read to ±0.1. */
const PASS_WARM_MS = 5000;
const PASS_MEASURE_MS = 15000;
const SMALL_CAMERAS = 32;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function spec(pathName: string, width: number, height: number, fps: number): DemoCameraSpec {
  return { path: pathName, label: pathName, width, height, fps, codec: 'h264' };
}

function camera(id: string, number: number, main: string, sub?: string) {
  return {
    id,
    number,
    name: id,
    commune: 'Bench',
    zone: 'Bench',
    kind: 'security',
    rtsp: sub ? { main, sub } : { main },
  };
}

async function api<T>(endpoint: CoreEndpoint, route: string): Promise<T> {
  return (await (await fetch(`${endpoint.origin}${route}?token=${endpoint.token}`)).json()) as T;
}

/**
 * One in-process socket watching a camera; resolves with the time to its first keyframe. With
 * `accept` the watch takes the camera's own H.264 where the config allows it; `h264Frames`
 * counts the frames that really came as passthrough.
 */
function watchOnce(
  endpoint: CoreEndpoint,
  cameraId: string,
  profile: 'grid' | 'full',
  accept: PassthroughCodec[] = [],
): Promise<{ socket: WebSocket; firstKeyframeMs: Promise<number>; h264Frames: () => number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${endpoint.origin.replace('http', 'ws')}/ws?token=${endpoint.token}`, {
      origin: endpoint.origin,
    });
    socket.once('error', reject);
    socket.once('open', () => {
      let sentAt = 0;
      let h264 = 0;
      const firstKeyframeMs = new Promise<number>((done) => {
        socket.on('message', (data: Buffer, isBinary: boolean) => {
          if (!isBinary) return;
          const header = readVideoHeader(data);
          if (header && header.flags & VIDEO_FLAG_H264) h264 += 1;
          if (header && header.flags & VIDEO_FLAG_KEYFRAME) done(performance.now() - sentAt);
        });
      });
      sentAt = performance.now();
      const watch = accept.length > 0 ? { accept } : {};
      socket.send(JSON.stringify({ type: 'watch', slot: 1, cameraId, profile, ...watch }));
      resolve({ socket, firstKeyframeMs, h264Frames: () => h264 });
    });
  });
}

async function pidsOf(endpoint: CoreEndpoint): Promise<number[]> {
  const streams = await api<StreamStatus[]>(endpoint, '/api/streams');
  const sources = await api<{ pid: number | null }[]>(endpoint, '/api/sources');
  return [...streams.map((s) => s.pid), ...sources.map((s) => s.pid)].filter(
    (pid): pid is number => pid !== null,
  );
}

async function waitIdle(endpoint: CoreEndpoint): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if ((await api<unknown[]>(endpoint, '/api/sources')).length === 0) return;
    await sleep(100);
  }
  throw new Error('relay did not go idle');
}

/** CPU of Vigie's ffmpeg stages for one watched stream. */
async function vigieStreamCpu(
  endpoint: CoreEndpoint,
  cameraId: string,
  profile: 'grid' | 'full',
): Promise<number> {
  const { socket } = await watchOnce(endpoint, cameraId, profile);
  await sleep(WARM_MS);
  let pids = await pidsOf(endpoint);
  const refresh = setInterval(() => void pidsOf(endpoint).then((next) => (pids = next)), 1000);
  const share = await cpuShare(() => pids, MEASURE_MS);
  clearInterval(refresh);
  socket.close();
  await waitIdle(endpoint);
  return share;
}

/**
 * CPU of one passthrough stream: the source stage's ffmpeg (RTSP → MPEG-TS, `-c:v copy`) plus
 * the core's own process, where the access units are demuxed and sent. The core runs in this
 * process, so the figure also holds the bench's socket client: an upper bound.
 */
async function passthroughStreamCpu(
  endpoint: CoreEndpoint,
  cameraId: string,
  profile: 'grid' | 'full',
): Promise<{ total: number; source: number; core: number }> {
  const viewer = await watchOnce(endpoint, cameraId, profile, ['h264']);
  await sleep(PASS_WARM_MS);
  if (viewer.h264Frames() === 0) throw new Error(`${cameraId}: no passthrough frame received`);
  let pids = await pidsOf(endpoint);
  const refresh = setInterval(() => void pidsOf(endpoint).then((next) => (pids = next)), 1000);
  const selfStart = selfCpuSeconds();
  const t0 = performance.now();
  const source = await cpuShare(() => pids, PASS_MEASURE_MS);
  const core = (selfCpuSeconds() - selfStart) / ((performance.now() - t0) / 1000);
  clearInterval(refresh);
  viewer.socket.close();
  await waitIdle(endpoint);
  return { total: source + core, source, core };
}

async function seedCpu(url: string): Promise<number> {
  const child = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...seedArgs(url)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.stdout.resume();
  await sleep(WARM_MS);
  const share = await cpuShare(() => [child.pid ?? 0], MEASURE_MS);
  child.kill('SIGKILL');
  return share;
}

async function viewersCpu(endpoint: CoreEndpoint, k: number): Promise<number> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, '..', 'support', 'socket-viewers.ts'),
      endpoint.origin,
      endpoint.token,
      'hd',
      'grid',
      String(k),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Wait until the viewers really receive video (a loaded machine may take seconds to start them).
  let received = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    received = Number(chunk.toString().trim().split('\n').at(-1)) || received;
  });
  for (let i = 0; i < 600 && received === 0; i += 1) await sleep(100);
  if (received === 0) throw new Error('viewers received no video within 60 s');
  await sleep(WARM_MS);
  let pids = await pidsOf(endpoint);
  const share = await cpuShare(() => pids, MEASURE_MS, true);
  pids = [];
  child.kill('SIGKILL');
  await waitIdle(endpoint);
  return share;
}

/**
 * The most grid streams that all run in real time, by steps of 4 cameras. `accept: ['h264']`
 * measures passthrough (the cameras' 25 fps), otherwise the MPEG-1 grid transcode (12.5 fps).
 */
async function maxRealtimeGridRelays(
  endpoint: CoreEndpoint,
  accept: PassthroughCodec[] = [],
): Promise<{ sustained: number; cpu: number; marginal: number }> {
  let sustained = 0;
  let cpu = 0;
  let first: { n: number; cpu: number } | null = null;
  const minFps = accept.length > 0 ? 23 : 11.5;
  for (const n of [4, 8, 12, 16, 20, 24, 28, 32].filter((value) => value <= SMALL_CAMERAS)) {
    const sockets = await Promise.all(
      Array.from({ length: n }, (_, i) => watchOnce(endpoint, `c${i + 1}`, 'grid', accept)),
    );
    for (let i = 0; i < 300; i += 1) {
      const live = (await api<StreamStatus[]>(endpoint, '/api/streams')).filter(
        (s) => s.state === 'live',
      ).length;
      if (live === n) break;
      await sleep(100);
    }
    await sleep(WARM_MS + 1000);
    let pids = await pidsOf(endpoint);
    const share = await cpuShare(() => pids, 4000, true);
    pids = [];
    const streams = await api<StreamStatus[]>(endpoint, '/api/streams');
    const transport = accept.length > 0 ? 'h264' : 'mpeg1';
    const realTime = streams.filter(
      (s) => s.state === 'live' && s.transport === transport && s.fps >= minFps,
    ).length;
    for (const { socket } of sockets) socket.close();
    await waitIdle(endpoint);
    if (realTime < n) break;
    sustained = n;
    cpu = share;
    first ??= { n, cpu: share };
  }
  // What one more camera costs: the slope from the first step to the largest load, so the
  // process's fixed costs (idle timers, the event loop's own wake-ups) are not charged per stream.
  const marginal = first && sustained > first.n ? (cpu - first.cpu) / (sustained - first.n) : Number.NaN;
  return { sustained, cpu, marginal };
}

export const suite: BenchSuite = {
  name: 'relay',
  async run(): Promise<BenchFigure[]> {
    // The 720p camera is closer to a real one than the demo's flat picture: detailed moving
    // content, and an encoder with deblocking on (as camera encoders have).
    const camera720 = { pattern: 'smpte', scroll: 3, preset: 'superfast' };
    const specs = [
      { ...spec('hd', 1280, 720, 25), ...camera720 },
      { ...spec('hd-sub', 640, 360, 12), ...camera720 },
      ...Array.from({ length: SMALL_CAMERAS }, (_, i) => spec(`c${i + 1}`, 640, 360, 25)),
      { ...spec('stamped', 640, 360, 25), stamp: true },
    ];
    const fleet = new DemoFleet(specs);
    const { port } = await fleet.start();
    const base = `rtsp://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-'));
    const core = new VigieCore({
      config: validateConfig(
        {
          version: 1,
          // Passthrough wherever a watch accepts H.264; the MPEG-1 figures watch without `accept`.
          video: { transport: 'h264' },
          cameras: [
            camera('hd', 1, `${base}/hd`),
            camera('hd-with-sub', 2, `${base}/hd`, `${base}/hd-sub`),
            ...Array.from({ length: SMALL_CAMERAS }, (_, i) =>
              camera(`c${i + 1}`, 10 + i, `${base}/c${i + 1}`),
            ),
            camera('stamped', 99, `${base}/stamped`),
          ],
        },
        '(bench)',
      ),
      configFile: null,
      dataDir,
      rendererDir: dataDir,
      consoleLevel: false,
      relay: { graceMs: 200 },
    });
    const endpoint = await core.start();
    try {
      const seed = await seedCpu(`${base}/hd`);
      // The seed on one of the scale test's 640×360 cameras: the baseline of the per-stream figures at scale.
      const seedSmall = await seedCpu(`${base}/c1`);
      const gridMain = await vigieStreamCpu(endpoint, 'hd', 'grid');
      const gridSub = await vigieStreamCpu(endpoint, 'hd-with-sub', 'grid');
      const full = await vigieStreamCpu(endpoint, 'hd', 'full');
      // The core process's own CPU with no stream (timers, status, GC): what passthrough adds is above it.
      const idleCore = await cpuShare(() => [], MEASURE_MS, true);
      const passFull = await passthroughStreamCpu(endpoint, 'hd', 'full');
      // The same camera relayed by a bare Node ws server in this process: the floor under the core's figure.
      const floor = await nodeRelayFloor(`${base}/hd`, PASS_WARM_MS, PASS_MEASURE_MS, idleCore);
      const passGridSub = await passthroughStreamCpu(endpoint, 'hd-with-sub', 'grid');

      const k1 = await viewersCpu(endpoint, 1);
      const k8 = await viewersCpu(endpoint, 8);
      const k32 = await viewersCpu(endpoint, 32);

      // First picture for a new viewer of a running stream (the GOP cache at work).
      const keeper = await watchOnce(endpoint, 'hd', 'grid');
      await keeper.firstKeyframeMs;
      await sleep(1000);
      const firstFrame: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        const viewer = await watchOnce(endpoint, 'hd', 'grid');
        firstFrame.push(await viewer.firstKeyframeMs);
        viewer.socket.close();
        await sleep(50);
      }
      keeper.socket.close();
      await waitIdle(endpoint);

      const { latencies: latency } = await measureStampAndLag(
        endpoint.origin,
        endpoint.token,
        'stamped',
        640,
        360,
        15_000,
      );
      await waitIdle(endpoint);
      const { latencies: passLatency } = await measureStampAndLag(
        endpoint.origin,
        endpoint.token,
        'stamped',
        640,
        360,
        15_000,
        undefined,
        'grid',
        true,
      );
      await waitIdle(endpoint);

      const scale = await maxRealtimeGridRelays(endpoint);
      const passScale = await maxRealtimeGridRelays(endpoint, ['h264']);
      return [
        { name: 'seed default transcode 720p, CPU per stream', value: seed * 100, unit: '% of a core' },
        { name: 'vigie grid from main 720p, CPU per stream', value: gridMain * 100, unit: '% of a core' },
        { name: 'vigie grid from sub-stream, CPU per stream', value: gridSub * 100, unit: '% of a core' },
        { name: 'vigie full 720p, CPU per stream', value: full * 100, unit: '% of a core' },
        { name: 'ratio grid(main)/seed (target <= 0.5)', value: gridMain / seed, unit: 'x' },
        { name: 'ratio grid(sub)/seed (target <= 0.3)', value: gridSub / seed, unit: 'x' },
        { name: 'ratio full/seed', value: full / seed, unit: 'x' },
        {
          name: 'passthrough full 720p, CPU per stream (source + core)',
          value: passFull.total * 100,
          unit: '% of a core',
        },
        {
          name: 'passthrough full 720p: the source ffmpeg (RTSP, -c:v copy) alone',
          value: passFull.source * 100,
          unit: '% of a core',
        },
        {
          name: 'passthrough full 720p: the core process (demux, send, this bench client)',
          value: passFull.core * 100,
          unit: '% of a core',
        },
        {
          name: 'passthrough grid from sub-stream, CPU per stream (source + core)',
          value: passGridSub.total * 100,
          unit: '% of a core',
        },
        {
          name: 'the core process idle, no stream (baseline of the line above)',
          value: idleCore * 100,
          unit: '% of a core',
        },
        { name: 'ratio passthrough full/seed (target <= 0.1)', value: passFull.total / seed, unit: 'x' },
        {
          name: 'ratio passthrough full added CPU (source + core above idle)/seed',
          value: (passFull.source + Math.max(0, passFull.core - idleCore)) / seed,
          unit: 'x',
        },
        { name: 'ratio passthrough full source ffmpeg/seed', value: passFull.source / seed, unit: 'x' },
        {
          name: 'Node relay floor, same camera: bare pipe read + ws send + in-process receive, above idle',
          value: floor.share * 100,
          unit: '% of a core',
        },
        {
          name: 'passthrough full: core above idle / Node relay floor',
          value: Math.max(0, passFull.core - idleCore) / floor.share,
          unit: 'x',
        },
        {
          name: 'ratio floor (source ffmpeg + Node relay floor)/seed: the least this design can reach',
          value: (passFull.source + floor.share) / seed,
          unit: 'x',
        },
        { name: 'ratio passthrough full/vigie full', value: passFull.total / full, unit: 'x' },
        {
          name: 'ratio passthrough grid(sub)/vigie grid(sub)',
          value: passGridSub.total / gridSub,
          unit: 'x',
        },
        { name: 'K=1 viewer, core+relay CPU', value: k1 * 100, unit: '% of a core' },
        { name: 'K=8 viewers, core+relay CPU', value: k8 * 100, unit: '% of a core' },
        { name: 'K=32 viewers, core+relay CPU', value: k32 * 100, unit: '% of a core' },
        { name: 'ratio K=32/K=1 (target <= 1.1)', value: k32 / k1, unit: 'x' },
        {
          name: 'first keyframe to new viewer p50 (target <= 150)',
          value: percentile(firstFrame, 50),
          unit: 'ms',
        },
        { name: 'first keyframe to new viewer p99', value: percentile(firstFrame, 99), unit: 'ms' },
        { name: 'capture to socket latency p50 (target <= 130)', value: percentile(latency, 50), unit: 'ms' },
        { name: 'capture to socket latency p99', value: percentile(latency, 99), unit: 'ms' },
        { name: 'latency samples', value: latency.length, unit: 'frames' },
        {
          name: 'passthrough capture to socket latency p50',
          value: percentile(passLatency, 50),
          unit: 'ms',
        },
        { name: 'passthrough capture to socket latency p99', value: percentile(passLatency, 99), unit: 'ms' },
        {
          name: 'capture to socket p50, passthrough minus MPEG-1 (target <= 0)',
          value: percentile(passLatency, 50) - percentile(latency, 50),
          unit: 'ms',
        },
        { name: 'passthrough latency samples', value: passLatency.length, unit: 'frames' },
        {
          name: 'grid relays sustained at 12.5 fps (640x360 cameras simulated on the same machine)',
          value: scale.sustained,
          unit: 'streams',
        },
        {
          name: 'CPU at that load (core + relays, cameras excluded)',
          value: scale.cpu * 100,
          unit: '% of a core',
        },
        {
          name: `passthrough grid streams sustained at 25 fps (of ${SMALL_CAMERAS} simulated cameras)`,
          value: passScale.sustained,
          unit: 'streams',
        },
        {
          name: 'CPU at that load, passthrough (core + sources, cameras excluded)',
          value: passScale.cpu * 100,
          unit: '% of a core',
        },
        {
          name: 'seed default transcode of one of those 640x360 cameras, CPU per stream',
          value: seedSmall * 100,
          unit: '% of a core',
        },
        {
          name: 'MPEG-1 grid: CPU of one more stream (slope from the first step to the largest load)',
          value: scale.marginal * 100,
          unit: '% of a core',
        },
        {
          name: 'passthrough: CPU of one more stream (slope from the first step to the largest load)',
          value: passScale.marginal * 100,
          unit: '% of a core',
        },
        {
          name: 'ratio passthrough CPU per stream at the largest load/seed on the same camera',
          value: passScale.cpu / passScale.sustained / seedSmall,
          unit: 'x',
        },
        {
          name: 'ratio passthrough CPU of one more stream/seed on the same camera (target <= 0.1)',
          value: passScale.marginal / seedSmall,
          unit: 'x',
        },
        {
          name: 'CPU per stream at the largest load, passthrough / MPEG-1 grid',
          value: passScale.cpu / passScale.sustained / (scale.cpu / scale.sustained),
          unit: 'x',
        },
      ];
    } finally {
      await core.stop();
      await fleet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
