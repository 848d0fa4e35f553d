import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateConfig } from '../../src-main/core/config/load-config';
import { ensureRendererBuilt } from '../../src-main/host/ensure-renderer';
import { VigieCore } from '../../src-main/core/vigie-core';
import type { StreamStatus } from '../../src-shared/contract';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { cpuSeconds, percentile, selfCpuSeconds } from '../support/proc-cpu';
import { descendants, FULL_HD, WallBrowser, type Viewport } from '../support/wall-browser';
import type { WallProbeReport } from '../support/wall-probe';
import { recordWallStreams, type RecordedStream } from '../support/wall-recordings';
import { ReplayWallServer, TILES_PER_WINDOW } from '../support/wall-replay-server';

/**
 * The video wall's figures: how many live tiles this machine's Chromium carries at a bounded
 * delay, Vigie's wall against the seed stack's, and the end-to-end count of cameras.
 *
 * - Streams are recorded once per run (see wall-recordings.ts) and replayed at their real-time
 *   pace by a bench server speaking Vigie's socket contract (wall-replay-server.ts), so decoding
 *   is measured apart from transcoding. The page is the shipped renderer, built if stale.
 * - Vigie: its `grid` stream (640×360, 12.5 fps), its shared decode loop and delay bound. Seed:
 *   node-rtsp-stream's full-size stream (1280×720, 25 fps), one stock JSMpeg loop per tile and
 *   no drops (`?decode=stock`). Both in headless Debian Chromium, 16 tiles (4×4) per window as on
 *   a monitor, one window per 16 tiles, 1920×1080 each; Vigie's 64 tiles also in 1280×720 windows.
 * - Per run: decoded pictures per second per tile, delay from the server's send to the decoded
 *   picture (wall-probe.ts), renderer and whole-Chromium CPU from /proc, and the other work on
 *   the machine meanwhile (a shared machine: a noisy run is repeated once).
 * - A wall is "bounded" when its delay p95 ≤ 300 ms, ≥ 90 % of the pictures received are decoded
 *   and every tile decodes ≥ 80 % of its stream's rate: live, not merely dropping its way under
 *   the bound. The largest bounded wall of each stack is found by bisection.
 * - End to end: the real core and its demo fleet (320×180 cameras, simulated by GStreamer on the
 *   same two cores), its relays and the renderer, stepped by 8 cameras until a step fails.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
const RECORD_SECONDS = 16;
/** Tile counts compared; WALL_BENCH_TILES=16,36 overrides (a quicker run while tuning). */
const TILE_COUNTS = (process.env.WALL_BENCH_TILES ?? '16,36,64').split(',').map(Number);
/**
 * WALL_BENCH_VIGIE_ONLY=1: only Vigie's walls at TILE_COUNTS in 1920×1080 windows (about a minute
 * per count), for tuning the renderer; the suite's comparisons and end-to-end steps are skipped.
 */
const VIGIE_ONLY = process.env.WALL_BENCH_VIGIE_ONLY === '1';
/** The bound: an operator must never watch a past older than this believing it live. */
const DELAY_BOUND_MS = 300;
const LIVE_WAIT_MS = 15_000;
const WARM_MS = 4_000;
const MEASURE_MS = 8_000;
/** End to end: demo cameras with small pictures, stepped up until one step is not carried. */
const E2E_STEPS = (process.env.WALL_BENCH_E2E_STEPS ?? '8,16,24,32,40,48').split(',').map(Number);
const E2E_H264_STEPS = (process.env.WALL_BENCH_E2E_H264_STEPS ?? '16,24,32,40,48,56,64')
  .split(',')
  .map(Number);
const E2E_PICTURE = { width: 320, height: 180, fps: 25 };
const E2E_MEASURE_MS = 6_000;
const GRID_FPS = 12.5;
/** Smaller monitors: 4×4 tiles small enough for the renderer's half-size conversion. */
const HD_READY: Viewport = { width: 1280, height: 720 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const epoch = () => performance.timeOrigin + performance.now();
const log = (line: string) => process.stderr.write(`[wall] ${line}\n`);

/**
 * The stacks measured: Vigie; the seed stack (stock JSMpeg, its Canvas2D renderer); the same with
 * JSMpeg's WebGL renderer (one context per tile, so at most 16 tiles), to weigh WebGL against
 * Canvas2D on this machine.
 */
type Stack = 'vigie' | 'vigie-h264' | 'seed' | 'seed-webgl';

/** One measured wall: N tiles of one stack, in windows of 16. */
interface WallRun {
  stack: Stack;
  tiles: number;
  viewport: Viewport;
  fpsMedian: number;
  fpsMin: number;
  delayP50: number;
  delayP95: number;
  /** Socket handler → decoded, p95: the delay without the wait in the page's queue. */
  handlerP95: number;
  rendererCpu: number;
  chromiumCpu: number;
  /** CPU of everything on the machine that is neither Chromium nor this process (other work). */
  otherCpu: number;
  /** Pictures decoded / pictures received in the window. */
  decodedShare: number;
  /** Decoders retired in the window (Vigie's drops to the next keyframe). */
  drops: number;
  degradedTiles: number;
  /** Live (decoding) at bounded delay: p95 ≤ 300 ms, ≥ 90 % of pictures decoded, every tile ≥ 80 % of its rate. */
  bounded: boolean;
}

interface CpuSnapshot {
  at: number;
  seconds: Map<number, number>;
}

function snapshot(pids: number[]): CpuSnapshot {
  return { at: performance.now(), seconds: new Map(pids.map((pid) => [pid, cpuSeconds(pid)])) };
}

/** CPU share (1.0 = one core) of the snapshot's processes between two snapshots. */
function share(start: CpuSnapshot, end: CpuSnapshot): number {
  let used = 0;
  for (const [pid, seconds] of start.seconds) used += (end.seconds.get(pid) ?? cpuSeconds(pid)) - seconds;
  return used / ((end.at - start.at) / 1000);
}

/** Per-tile decoded rates, the pooled delays and the counters, over every window of a run. */
function summarise(reports: WallProbeReport[], tiles: number) {
  const rates: number[] = [];
  let arrived = 0;
  let decoded = 0;
  let drops = 0;
  for (const report of reports) {
    const seconds = Math.max(0.001, (report.to - report.from) / 1000);
    for (const slot of report.slots) {
      rates.push(slot.decoded / seconds);
      arrived += slot.arrived;
      decoded += slot.decoded;
      drops += slot.retired;
    }
  }
  // A tile that never started decoding counts as 0 fps.
  while (rates.length < tiles) rates.push(0);
  const delays = reports.flatMap((r) => r.delays);
  const handler = reports.flatMap((r) => r.arrivalDelays);
  return {
    fpsMedian: percentile(rates, 50),
    fpsMin: Math.min(...rates),
    delayP50: percentile(delays, 50),
    delayP95: percentile(delays, 95),
    handlerP95: percentile(handler, 95),
    decodedShare: arrived > 0 ? decoded / arrived : 0,
    drops,
    degradedTiles: reports.reduce((sum, r) => sum + r.degradedTiles, 0),
    hooked: reports.every((r) => r.hooked),
  };
}

/** Waits until `count` tiles show live video, or gives up after LIVE_WAIT_MS (the run then measures what it gets). */
async function waitLive(browser: WallBrowser, count: number): Promise<number> {
  const deadline = performance.now() + LIVE_WAIT_MS;
  let live = 0;
  while (performance.now() < deadline) {
    live = await browser.liveTiles().catch(() => live);
    if (live >= count) break;
    await sleep(500);
  }
  return live;
}

/** CPU seconds the whole machine spent busy (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  // cpu user nice system idle iowait irq softirq steal …
  const busy = [1, 2, 3, 6, 7, 8].reduce((sum, i) => sum + (fields[i] ?? 0), 0);
  return busy / 100;
}

/** Sets a window a moment ahead in every page, measures CPU over it, then collects the pages' figures. */
async function measureWindow(browser: WallBrowser, ms: number) {
  const from = epoch() + 1_000;
  const to = from + ms;
  await browser.measure(from, to);
  await sleep(Math.max(0, from - epoch()));
  const renderers = browser.rendererPids();
  const chromium = browser.allPids();
  const start = {
    renderers: snapshot(renderers),
    chromium: snapshot(chromium),
    machine: machineBusySeconds(),
    self: selfCpuSeconds(),
  };
  await sleep(Math.max(0, to - epoch()));
  const end = {
    renderers: snapshot(renderers),
    chromium: snapshot(chromium),
    machine: machineBusySeconds(),
    self: selfCpuSeconds(),
  };
  await sleep(300);
  const reports = await browser.collect();
  const seconds = (end.chromium.at - start.chromium.at) / 1000;
  const chromiumCpu = share(start.chromium, end.chromium);
  const selfCpu = (end.self - start.self) / seconds;
  return {
    reports,
    rendererCpu: share(start.renderers, end.renderers),
    chromiumCpu,
    machineCpu: (end.machine - start.machine) / seconds,
    selfCpu,
  };
}

/**
 * Other work above this share of a core during a run (the machine is shared: another session's
 * tests, a build) makes the run say more about that work than about the wall: it is run again
 * once, and the quieter of the two is kept.
 */
const NOISY_CPU = 0.25;
/** At most this many repeats per suite, so a machine that stays busy cannot double the run's time. */
const MAX_REPEATS = 3;
let repeatedRuns = 0;

/**
 * One wall to measure, for both the measurement and its repeat: the browser, the stack, what every
 * camera sends, how many tiles, and the screen (Full HD if left out).
 */
type WallCase = [
  browser: WallBrowser,
  stack: Stack,
  stream: RecordedStream,
  tiles: number,
  viewport?: Viewport,
];

async function measureWall(...wall: WallCase): Promise<WallRun> {
  const first = await measureWallOnce(...wall);
  if (first.otherCpu <= NOISY_CPU || repeatedRuns >= MAX_REPEATS) return first;
  repeatedRuns += 1;
  log(`other work took ${(first.otherCpu * 100).toFixed(0)} % of a core: running that wall again`);
  await sleep(5_000);
  const second = await measureWallOnce(...wall);
  return second.otherCpu < first.otherCpu ? second : first;
}

async function measureWallOnce(
  ...[browser, stack, stream, tiles, viewport = FULL_HD]: WallCase
): Promise<WallRun> {
  const server = new ReplayWallServer({
    rendererDir: RENDERER_DIR,
    cameras: tiles,
    stream,
    backpressure: stack === 'vigie' || stack === 'vigie-h264',
  });
  await server.start();
  try {
    const urls = Array.from({ length: server.windows }, (_, i) =>
      server.wallUrl(i + 1, stack === 'seed' || stack === 'seed-webgl', stack === 'seed-webgl'),
    );
    await browser.open(urls, viewport);
    const live = await waitLive(browser, tiles);
    await sleep(WARM_MS);
    const { reports, rendererCpu, chromiumCpu, machineCpu, selfCpu } = await measureWindow(
      browser,
      MEASURE_MS,
    );
    const otherCpu = Math.max(0, machineCpu - chromiumCpu - selfCpu);
    const s = summarise(reports, tiles);
    if (!s.hooked) throw new Error('the probe did not see the page’s decoder (JSMpeg or WebCodecs)');
    if (server.refusedPassthrough > 0) throw new Error('the page did not announce H.264: no passthrough run');
    const bounded = s.delayP95 <= DELAY_BOUND_MS && s.decodedShare >= 0.9 && s.fpsMin >= 0.8 * stream.fps;
    const first = reports[0];
    const slowestTile = Math.max(0, ...reports.flatMap((r) => r.slots.map((t) => t.handlerP50 ?? 0)));
    log(
      `${stack} ${tiles} tiles (${viewport.width}x${viewport.height}): ${live} live before warm-up, fps median ${s.fpsMedian.toFixed(1)} min ${s.fpsMin.toFixed(1)}, ` +
        `delay p50 ${s.delayP50.toFixed(0)} p95 ${s.delayP95.toFixed(0)} ms, decoded ${(s.decodedShare * 100).toFixed(0)} %, ` +
        `drops ${s.drops}, slowest tile's median ${slowestTile.toFixed(0)} ms, renderer CPU ${(rendererCpu * 100).toFixed(0)} %, tile ${first?.tileSize?.join('×') ?? '?'} css px, ` +
        `canvas ${first?.canvasSize?.join('×') ?? '?'}, other work ${(otherCpu * 100).toFixed(0)} %` +
        `${bounded ? '' : ' — not bounded'}`,
    );
    return { stack, tiles, viewport, ...s, rendererCpu, chromiumCpu, otherCpu, bounded };
  } finally {
    await browser.closeWindows();
    await server.stop();
  }
}

/**
 * The largest wall of one stack at bounded delay, between the largest measured count that is
 * bounded and the smallest that is not, by bisection (at most `maxRuns` more runs, so the answer
 * is exact for the seed stack and within a few tiles for Vigie, in the suite's time budget).
 */
async function largestBounded(
  browser: WallBrowser,
  stack: Stack,
  stream: RecordedStream,
  measured: WallRun[],
  maxRuns: number,
): Promise<{ largest: number; below: number; runs: WallRun[] }> {
  let lo = Math.max(0, ...measured.filter((r) => r.bounded).map((r) => r.tiles));
  let hi = Math.min(...measured.filter((r) => !r.bounded && r.tiles > lo).map((r) => r.tiles));
  const runs: WallRun[] = [];
  // Every measured wall bounded: look above (one more 4×4 window at a time), so the figure is
  // where the machine stops rather than where the list of counts did.
  while (!Number.isFinite(hi) && runs.length < maxRuns) {
    const n = lo + TILES_PER_WINDOW;
    const run = await measureWall(browser, stack, stream, n);
    runs.push(run);
    if (run.bounded) lo = n;
    else hi = n;
  }
  while (Number.isFinite(hi) && hi - lo > 1 && runs.length < maxRuns) {
    const n = Math.max(lo + 1, Math.floor((lo + hi) / 2));
    const run = await measureWall(browser, stack, stream, n);
    runs.push(run);
    if (run.bounded) lo = n;
    else hi = n;
  }
  return { largest: lo, below: hi, runs };
}

interface EndToEndStep {
  cameras: number;
  carried: boolean;
  streamsAtRate: number;
  fpsMin: number;
  delayP95: number;
  chromiumCpu: number;
  coreCpu: number;
  cameraCpu: number;
}

/**
 * Simulated cameras → real relays → tiles: the real core with its demo fleet (GStreamer RTSP
 * server, H.264), its ffmpeg relays and the shipped renderer, all on this machine's two cores.
 * A step is carried when every stream runs at the grid rate in the core, every tile decodes at
 * least 11 of its 12.5 fps, the delay p95 (socket → decoded) stays within the bound and no tile
 * dropped frames.
 */
async function endToEnd(browser: WallBrowser, transport: 'mpeg1' | 'h264'): Promise<EndToEndStep[]> {
  const steps: EndToEndStep[] = [];
  // Passthrough tiles get the cameras' own rate; the MPEG-1 grid transcodes to 12.5 fps.
  const tileFps = transport === 'h264' ? E2E_PICTURE.fps : GRID_FPS;
  for (const cameras of transport === 'h264' ? E2E_H264_STEPS : E2E_STEPS) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-wall-'));
    const windows = Math.ceil(cameras / TILES_PER_WINDOW);
    const displays = Array.from({ length: windows }, (_, w) => ({
      display: w + 1,
      layout: {
        columns: 4,
        rows: 4,
        tiles: Array.from({ length: TILES_PER_WINDOW }, (_, i) => {
          const n = w * TILES_PER_WINDOW + i + 1;
          return n <= cameras ? `demo-${n}` : null;
        }),
      },
    }));
    const core = new VigieCore({
      config: validateConfig(
        {
          version: 1,
          demo: { count: cameras, ...E2E_PICTURE },
          video: { transport },
          workstations: { default: { displays } },
        },
        '(bench)',
      ),
      configFile: null,
      dataDir,
      rendererDir: RENDERER_DIR,
      consoleLevel: false,
      relay: { graceMs: 200 },
    });
    try {
      const endpoint = await core.start();
      await browser.open(displays.map((d) => endpoint.wallUrl(d.display)));
      await waitLive(browser, cameras);
      await sleep(WARM_MS);
      const mine = descendants(process.pid);
      const ffmpeg = mine.filter((p) => /(^|\/)ffmpeg /.test(p.cmdline)).map((p) => p.pid);
      const fleet = mine.filter((p) => p.cmdline.includes('rtsp-demo-server')).map((p) => p.pid);
      const fleetTree = [...fleet, ...fleet.flatMap((pid) => descendants(pid).map((p) => p.pid))];
      const before = { ffmpeg: snapshot(ffmpeg), fleet: snapshot(fleetTree), self: selfCpuSeconds() };
      const { reports, chromiumCpu } = await measureWindow(browser, E2E_MEASURE_MS);
      const after = { ffmpeg: snapshot(ffmpeg), fleet: snapshot(fleetTree), self: selfCpuSeconds() };
      const wallSeconds = (after.ffmpeg.at - before.ffmpeg.at) / 1000;
      const response = await fetch(`${endpoint.origin}/api/streams?token=${endpoint.token}`);
      const streams = (await response.json()) as StreamStatus[];
      const streamsAtRate = streams.filter(
        (s) => s.state === 'live' && s.transport === transport && s.fps >= tileFps - 1,
      ).length;
      const s = summarise(reports, cameras);
      const carried =
        streamsAtRate >= cameras &&
        s.fpsMin >= tileFps - 1.5 &&
        s.delayP95 <= DELAY_BOUND_MS &&
        s.drops === 0;
      const step: EndToEndStep = {
        cameras,
        carried,
        streamsAtRate,
        fpsMin: s.fpsMin,
        delayP95: s.delayP95,
        chromiumCpu,
        coreCpu: share(before.ffmpeg, after.ffmpeg) + (after.self - before.self) / wallSeconds,
        cameraCpu: share(before.fleet, after.fleet),
      };
      log(
        `end to end ${transport} ${cameras} cameras: ${streamsAtRate} streams at rate, tile fps min ${s.fpsMin.toFixed(1)}, ` +
          `delay p95 ${s.delayP95.toFixed(0)} ms, drops ${s.drops}, CPU chromium ${(chromiumCpu * 100).toFixed(0)} % ` +
          `core+relays ${(step.coreCpu * 100).toFixed(0)} % cameras ${(step.cameraCpu * 100).toFixed(0)} %`,
      );
      steps.push(step);
      if (!carried) break;
    } finally {
      await browser.closeWindows();
      await core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return steps;
}

function runFigures(run: WallRun): BenchFigure[] {
  const size = run.viewport === FULL_HD ? '' : ` (${run.viewport.width}x${run.viewport.height})`;
  const label = `${run.stack} ${run.tiles} tiles${size}:`;
  return [
    { name: `${label} decoded fps per tile, median`, value: run.fpsMedian, unit: 'fps' },
    { name: `${label} decoded fps per tile, min`, value: run.fpsMin, unit: 'fps' },
    { name: `${label} delay socket -> decoded p50`, value: run.delayP50, unit: 'ms' },
    { name: `${label} delay socket -> decoded p95`, value: run.delayP95, unit: 'ms' },
    {
      name: `${label} delay p95 from the socket handler (page queue excluded)`,
      value: run.handlerP95,
      unit: 'ms',
    },
    { name: `${label} pictures decoded / received`, value: run.decodedShare * 100, unit: '%' },
    { name: `${label} drops to next keyframe`, value: run.drops, unit: 'drops' },
    { name: `${label} renderer CPU`, value: run.rendererCpu * 100, unit: '% of a core' },
    { name: `${label} all Chromium CPU`, value: run.chromiumCpu * 100, unit: '% of a core' },
  ];
}

/** Renderer CPU per decoded picture (ms): how much one picture costs each stack. */
function cpuPerPicture(run: WallRun): number {
  return (run.rendererCpu * 1000) / Math.max(0.001, run.fpsMedian * run.tiles);
}

/** The `wall` suite (`npm run bench -- wall`), about 5–6 minutes. */
export const suite: BenchSuite = {
  name: 'wall',
  async run(): Promise<BenchFigure[]> {
    const started = performance.now();
    repeatedRuns = 0;
    await ensureRendererBuilt(RENDERER_DIR, ROOT);
    if (!readFileSync(path.join(RENDERER_DIR, 'index.html'), 'utf8').includes('<script')) {
      throw new Error('dist/renderer has no bundle: run `npm run build:renderer`');
    }
    const work = mkdtempSync(path.join(tmpdir(), 'vigie-bench-wall-rec-'));
    const browser = await WallBrowser.launch();
    try {
      const recordings = await recordWallStreams(work, RECORD_SECONDS);
      for (const s of [recordings.grid, recordings.seed, recordings.h264Grid]) {
        log(
          `${s.label}: ${s.pictures.length} pictures, ${s.fps} fps, ${s.kbps.toFixed(0)} kbit/s, loop ${s.loopMs} ms`,
        );
      }
      const vigie: WallRun[] = [];
      for (const tiles of TILE_COUNTS)
        vigie.push(await measureWall(browser, 'vigie', recordings.grid, tiles));
      // Passthrough: the camera's own H.264 sub-stream at the grid's size and rate, WebCodecs.
      const h264: WallRun[] = [];
      for (const tiles of TILE_COUNTS)
        h264.push(await measureWall(browser, 'vigie-h264', recordings.h264Grid, tiles));
      if (VIGIE_ONLY) return [...vigie, ...h264].flatMap(runFigures);
      const vigieSmallScreens = await measureWall(browser, 'vigie', recordings.grid, 64, HD_READY);
      const seed: WallRun[] = [];
      for (const tiles of TILE_COUNTS) seed.push(await measureWall(browser, 'seed', recordings.seed, tiles));
      const search = await largestBounded(browser, 'seed', recordings.seed, seed, 4);
      const vigieSearch = await largestBounded(browser, 'vigie', recordings.grid, vigie, 2);
      const h264Search = await largestBounded(browser, 'vigie-h264', recordings.h264Grid, h264, 3);
      // WebGL against Canvas2D, same stock players and count, below the Canvas2D limit so both
      // decode everything: what is left to compare is what drawing costs.
      const glTiles = Math.max(2, Math.min(TILES_PER_WINDOW, search.largest));
      const canvasRun =
        [...seed, ...search.runs].find((r) => r.tiles === glTiles) ??
        (await measureWall(browser, 'seed', recordings.seed, glTiles));
      const webglRun = await measureWall(browser, 'seed-webgl', recordings.seed, glTiles);
      const e2e = await endToEnd(browser, 'mpeg1');
      const e2eH264 = await endToEnd(browser, 'h264');

      const vigieLargest = vigieSearch.largest;
      const seedLargest = search.largest;
      const vigie64 = vigie.find((r) => r.tiles === 64);
      const vigie16 = vigie.find((r) => r.tiles === 16);
      const seedSmall = [...seed, ...search.runs]
        .filter((r) => r.bounded)
        .sort((a, b) => b.tiles - a.tiles)[0];
      const carried = e2e.filter((s) => s.carried).at(-1);
      const carriedH264 = e2eH264.filter((s) => s.carried).at(-1);
      const allRuns = [
        ...vigie,
        vigieSmallScreens,
        ...seed,
        ...search.runs,
        ...vigieSearch.runs,
        ...h264,
        ...h264Search.runs,
        webglRun,
      ];
      const searchFigures = (run: WallRun): BenchFigure[] => [
        {
          name: `${run.stack} ${run.tiles} tiles: delay socket -> decoded p95`,
          value: run.delayP95,
          unit: 'ms',
        },
        {
          name: `${run.stack} ${run.tiles} tiles: decoded fps per tile, min`,
          value: run.fpsMin,
          unit: 'fps',
        },
      ];
      const figures: BenchFigure[] = [
        ...vigie.flatMap(runFigures),
        ...runFigures(vigieSmallScreens),
        ...seed.flatMap(runFigures),
        ...search.runs.flatMap(searchFigures),
        ...vigieSearch.runs.flatMap(searchFigures),
        ...h264.flatMap(runFigures),
        ...h264Search.runs.flatMap(searchFigures),
        {
          name: 'vigie largest wall at bounded delay (1920x1080 windows)',
          value: vigieLargest,
          unit: 'tiles',
        },
        {
          name: 'vigie smallest wall tried that is not bounded',
          value: Number.isFinite(vigieSearch.below) ? vigieSearch.below : Number.NaN,
          unit: 'tiles',
        },
        { name: 'seed largest wall at bounded delay', value: seedLargest, unit: 'tiles' },
        {
          name: 'vigie-h264 (passthrough) largest wall at bounded delay (1920x1080 windows)',
          value: h264Search.largest,
          unit: 'tiles',
        },
        {
          name: 'vigie-h264 smallest wall tried that is not bounded',
          value: Number.isFinite(h264Search.below) ? h264Search.below : Number.NaN,
          unit: 'tiles',
        },
        {
          name: 'ratio passthrough/MPEG-1 largest bounded wall (target >= 1.5)',
          value: vigieLargest > 0 ? h264Search.largest / vigieLargest : Number.NaN,
          unit: 'x',
        },
        {
          name: 'ratio vigie/seed tiles at bounded delay (target >= 4)',
          value: seedLargest > 0 ? vigieLargest / seedLargest : Number.NaN,
          unit: 'x',
        },
        {
          name: 'vigie 64 tiles hold p95 <= 300 ms',
          value: vigie64 && vigie64.delayP95 <= DELAY_BOUND_MS ? 1 : 0,
          unit: '(1 = yes)',
        },
        { name: 'vigie 64 tiles live at bounded delay', value: vigie64?.bounded ? 1 : 0, unit: '(1 = yes)' },
        {
          name: 'vigie 64 tiles in 1280x720 windows live at bounded delay',
          value: vigieSmallScreens.bounded ? 1 : 0,
          unit: '(1 = yes)',
        },
      ];
      figures.push(
        ...runFigures(webglRun),
        {
          name: `stock JSMpeg ${glTiles} tiles: all Chromium CPU, ratio WebGL / Canvas2D`,
          value: webglRun.chromiumCpu / Math.max(0.001, canvasRun.chromiumCpu),
          unit: 'x',
        },
        {
          name: `stock JSMpeg ${glTiles} tiles: delay socket -> decoded p95, Canvas2D (WebGL above)`,
          value: canvasRun.delayP95,
          unit: 'ms',
        },
      );
      for (const tiles of TILE_COUNTS) {
        const mpeg1 = vigie.find((r) => r.tiles === tiles);
        const pass = h264.find((r) => r.tiles === tiles);
        if (!mpeg1 || !pass) continue;
        figures.push(
          {
            name: `renderer CPU per picture at ${tiles} tiles, ratio passthrough/MPEG-1`,
            value: cpuPerPicture(pass) / cpuPerPicture(mpeg1),
            unit: 'x',
          },
          {
            name: `delay send -> picture p50 at ${tiles} tiles, passthrough minus MPEG-1`,
            value: pass.delayP50 - mpeg1.delayP50,
            unit: 'ms',
          },
        );
      }
      if (vigie16 && seedSmall) {
        figures.push({
          name: `renderer CPU per picture, ratio vigie(16)/seed(${seedSmall.tiles})`,
          value: cpuPerPicture(vigie16) / cpuPerPicture(seedSmall),
          unit: 'x',
        });
      }
      figures.push(
        {
          name: `end to end: demo cameras (${E2E_PICTURE.width}x${E2E_PICTURE.height}) carried at full rate`,
          value: carried?.cameras ?? 0,
          unit: 'cameras',
        },
        {
          name: 'end to end at that load: Chromium CPU',
          value: (carried?.chromiumCpu ?? 0) * 100,
          unit: '% of a core',
        },
        {
          name: 'end to end at that load: core + relays CPU',
          value: (carried?.coreCpu ?? 0) * 100,
          unit: '% of a core',
        },
        {
          name: 'end to end at that load: simulated cameras CPU',
          value: (carried?.cameraCpu ?? 0) * 100,
          unit: '% of a core',
        },
        {
          name: `end to end passthrough: demo cameras carried at their own ${E2E_PICTURE.fps} fps`,
          value: carriedH264?.cameras ?? 0,
          unit: 'cameras',
        },
        {
          name: 'end to end carried cameras, ratio passthrough/MPEG-1 (target >= 1.3)',
          value: carried ? (carriedH264?.cameras ?? 0) / carried.cameras : Number.NaN,
          unit: 'x',
        },
        {
          name: 'end to end passthrough at that load: Chromium CPU',
          value: (carriedH264?.chromiumCpu ?? 0) * 100,
          unit: '% of a core',
        },
        {
          name: 'end to end passthrough at that load: core + sources CPU',
          value: (carriedH264?.coreCpu ?? 0) * 100,
          unit: '% of a core',
        },
        {
          name: 'end to end passthrough at that load: simulated cameras CPU',
          value: (carriedH264?.cameraCpu ?? 0) * 100,
          unit: '% of a core',
        },
        {
          name: 'other work on the machine during the wall runs kept, mean',
          value: (allRuns.reduce((sum, r) => sum + r.otherCpu, 0) / allRuns.length) * 100,
          unit: '% of a core',
        },
        {
          name: 'other work on the machine during the wall runs kept, max',
          value: Math.max(...allRuns.map((r) => r.otherCpu)) * 100,
          unit: '% of a core',
        },
        { name: 'wall runs repeated because of other work', value: repeatedRuns, unit: 'runs' },
        { name: 'suite duration', value: (performance.now() - started) / 1000, unit: 's' },
      );
      return figures;
    } finally {
      await browser.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
