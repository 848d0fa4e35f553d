import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { validateConfig } from '../../src-main/core/config/load-config';
import { VigieCore } from '../../src-main/core/vigie-core';
import { ensureRendererBuilt } from '../../src-main/host/ensure-renderer';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { WallBrowser, withTimeout, type Viewport } from '../support/wall-browser';

/**
 * A saturated workstation: the e2e suite's 64 tiles (four 1280×720 windows of 4×4) of 64 demo
 * cameras, with the cameras (GStreamer), the 128 ffmpeg stages and Chromium all on this
 * machine's two cores. Nothing here can keep every picture; what matters is that every tile shows
 * its freshest picture, honestly marked, rather than a blank tile over a live stream.
 *
 * Two runs in one suite run, same machine and hour: the product, whose core reads each window's
 * acknowledgements (it skips to keyframes when a window lags, see video-flow.ts), and a baseline
 * core that ignores them (`maxLagMs: Infinity`, governed by its send queue's bytes only, as before
 * the acknowledgements). Both use the same renderer. Figures come from the tiles' own counters
 * (`data-state`, `data-pictures`, `data-delay-ms`), sampled once a second.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
const WINDOWS = 4;
const PER_WINDOW = 16;
const VIEWPORT: Viewport = { width: 1280, height: 720 };
const WARM_MS = Number(process.env.WALL_OVERLOAD_WARM_MS ?? 40_000);
const MEASURE_MS = Number(process.env.WALL_OVERLOAD_MEASURE_MS ?? 20_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`[wall-overload] ${line}\n`);

interface TileSample {
  state: string;
  degraded: boolean;
  delay: number | null;
  decoded: number;
  received: number;
}

interface OverloadRun {
  label: string;
  liveMin: number;
  liveMedian: number;
  degradedMedian: number;
  fpsMedian: number;
  droppedShare: number;
  delayP95Median: number;
  /** The core's view: oldest unacknowledged frame per window, max over the samples. */
  coreLagMax: number;
}

const median = (values: number[]) =>
  values.length === 0
    ? Number.NaN
    : ([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN);

/** Read in the page, as a string: this file is type-checked without the DOM's types. */
const SAMPLE_SCRIPT = `[...document.querySelectorAll('[data-testid="tile"]')].map((tile) => {
  const [decoded, received] = (tile.dataset.pictures || '0/0').split('/').map(Number);
  return {
    state: tile.dataset.state || '',
    degraded: tile.dataset.degraded === 'true',
    delay: tile.dataset.delayMs ? Number(tile.dataset.delayMs) : null,
    decoded: decoded || 0,
    received: received || 0,
  };
})`;

async function sampleTiles(page: Page): Promise<TileSample[]> {
  return withTimeout(page.evaluate<TileSample[]>(SAMPLE_SCRIPT), 20_000, 'sampling the tiles');
}

async function measure(browser: WallBrowser, label: string, maxLagMs: number): Promise<OverloadRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-overload-'));
  const displays = Array.from({ length: WINDOWS }, (_, w) => ({
    display: w + 1,
    layout: {
      columns: 4,
      rows: 4,
      tiles: Array.from({ length: PER_WINDOW }, (_, i) => `demo-${w * PER_WINDOW + i + 1}`),
    },
  }));
  const core = new VigieCore({
    config: validateConfig(
      {
        version: 1,
        demo: { count: WINDOWS * PER_WINDOW, firstNumber: 1, width: 160, height: 90, fps: 5 },
        workstations: { default: { displays } },
      },
      '(bench)',
    ),
    configFile: null,
    dataDir,
    rendererDir: RENDERER_DIR,
    consoleLevel: false,
    backpressure: { maxLagMs },
  });
  try {
    const endpoint = await core.start();
    const pages = await browser.open(
      displays.map((d) => endpoint.wallUrl(d.display)),
      VIEWPORT,
    );
    await sleep(WARM_MS);
    const first = (await Promise.all(pages.map(sampleTiles))).flat();
    const live: number[] = [];
    const degraded: number[] = [];
    let coreLagMax = 0;
    const started = performance.now();
    let last = first;
    while (performance.now() - started < MEASURE_MS) {
      await sleep(1_000);
      last = (await Promise.all(pages.map(sampleTiles))).flat();
      live.push(last.filter((t) => t.state === 'live').length);
      degraded.push(last.filter((t) => t.degraded).length);
      const response = await fetch(`${endpoint.origin}/api/sessions?token=${endpoint.token}`);
      const sessions = (await response.json()) as { lagMs: number }[];
      coreLagMax = Math.max(coreLagMax, ...sessions.map((s) => s.lagMs));
    }
    const seconds = (performance.now() - started) / 1000;
    const fps = last.map((tile, i) => Math.max(0, tile.decoded - (first[i]?.decoded ?? 0)) / seconds);
    const decoded = last.reduce((sum, t, i) => sum + t.decoded - (first[i]?.decoded ?? 0), 0);
    const received = last.reduce((sum, t, i) => sum + t.received - (first[i]?.received ?? 0), 0);
    const run: OverloadRun = {
      label,
      liveMin: Math.min(...live),
      liveMedian: median(live),
      degradedMedian: median(degraded),
      fpsMedian: median(fps),
      droppedShare: received > 0 ? 1 - decoded / received : Number.NaN,
      delayP95Median: median(last.flatMap((t) => (t.delay === null ? [] : [t.delay]))),
      coreLagMax,
    };
    log(
      `${label}: live min ${run.liveMin}/64 (median ${run.liveMedian}), degraded ${run.degradedMedian}, ` +
        `fps per tile ${run.fpsMedian.toFixed(2)}, ${(run.droppedShare * 100).toFixed(0)} % dropped, ` +
        `delay p95 median ${run.delayP95Median} ms, core lag max ${run.coreLagMax} ms`,
    );
    return run;
  } finally {
    await browser.closeWindows();
    await core.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function figures(run: OverloadRun): BenchFigure[] {
  const label = `${run.label}:`;
  return [
    { name: `${label} tiles live, min over the window`, value: run.liveMin, unit: 'of 64' },
    { name: `${label} tiles live, median`, value: run.liveMedian, unit: 'of 64' },
    { name: `${label} tiles marked degraded, median`, value: run.degradedMedian, unit: 'of 64' },
    { name: `${label} decoded fps per tile, median`, value: run.fpsMedian, unit: 'fps' },
    { name: `${label} pictures received but dropped`, value: run.droppedShare * 100, unit: '%' },
    { name: `${label} tile delay p95, median over tiles`, value: run.delayP95Median, unit: 'ms' },
    { name: `${label} core's window lag, max`, value: run.coreLagMax, unit: 'ms' },
  ];
}

/** The `wall-overload` suite (`npm run bench -- wall-overload`), about 3 minutes. */
export const suite: BenchSuite = {
  name: 'wall-overload',
  async run(): Promise<BenchFigure[]> {
    await ensureRendererBuilt(RENDERER_DIR, ROOT);
    const browser = await WallBrowser.launch();
    try {
      const product = await measure(browser, 'acks (product)', 250);
      const baseline = await measure(browser, 'bytes only (baseline)', Number.POSITIVE_INFINITY);
      return [
        ...figures(product),
        ...figures(baseline),
        {
          name: 'tile delay p95 median, ratio acks / bytes only',
          value: product.delayP95Median / baseline.delayP95Median,
          unit: 'x',
        },
        {
          name: 'decoded fps per tile median, ratio acks / bytes only',
          value: product.fpsMedian / baseline.fpsMedian,
          unit: 'x',
        },
      ];
    } finally {
      await browser.close();
    }
  },
};
