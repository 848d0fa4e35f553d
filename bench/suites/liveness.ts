import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StreamStatus } from '../../src-shared/contract';
import { validateConfig } from '../../src-main/core/config/load-config';
import { DemoFleet } from '../../src-main/core/demo/demo-fleet';
import { VigieCore, type CoreEndpoint } from '../../src-main/core/vigie-core';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { percentile } from '../support/proc-cpu';
import { measureStampAndLag } from '../support/stamp-latency';

/** How long each condition is measured; the starved one cycles the transcoder throughout. */
const MEASURE_MS = 15_000;
/** The starved transcoder runs this share of the time (stopped the rest), like a CPU-starved core. */
const RUN_MS = 20;
const STOP_MS = 180;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function streamPid(endpoint: CoreEndpoint, cameraId: string): Promise<number> {
  for (let i = 0; i < 100; i += 1) {
    const streams = (await (
      await fetch(`${endpoint.origin}/api/streams?token=${endpoint.token}`)
    ).json()) as StreamStatus[];
    const pid = streams.find((stream) => stream.cameraId === cameraId && stream.state === 'live')?.pid;
    if (pid) return pid;
    await sleep(100);
  }
  throw new Error(`no live transcoder for ${cameraId}`);
}

/**
 * Starves one process of CPU for `ms`: stopped STOP_MS out of every RUN_MS + STOP_MS, which is
 * what a transcoder gets on a core too loaded for it, without depending on how loaded the bench
 * machine happens to be.
 */
async function starve(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  try {
    while (Date.now() < until) {
      process.kill(pid, 'SIGSTOP');
      await sleep(STOP_MS);
      process.kill(pid, 'SIGCONT');
      await sleep(RUN_MS);
    }
  } finally {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // It may have been restarted meanwhile (the watchdog): nothing to resume.
    }
  }
}

/**
 * Honest liveness (issue 16, item 1): how far behind the camera a picture really is when it
 * leaves the core (a stamping camera draws its capture time into each frame, read back after
 * decoding), against what the core says in the frame header (its source lag), with the core on
 * time and with its transcoder starved. A tile adds the source lag to its own send → decode
 * delay, so what the header misses is what the tile would miss.
 */
export const suite: BenchSuite = {
  name: 'liveness',
  async run(): Promise<BenchFigure[]> {
    const fleet = new DemoFleet([
      // A main stream watched full size (a maximised tile): enough work to fall behind when starved.
      { path: 'stamped', label: 'stamped', width: 1280, height: 720, fps: 25, codec: 'h264', stamp: true },
    ]);
    const { port } = await fleet.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-liveness-'));
    const core = new VigieCore({
      config: validateConfig(
        {
          version: 1,
          cameras: [
            {
              id: 'stamped',
              number: 1,
              name: 'stamped',
              commune: 'Bench',
              zone: 'Bench',
              kind: 'security',
              rtsp: { main: `rtsp://127.0.0.1:${port}/stamped` },
            },
          ],
        },
        '(bench)',
      ),
      configFile: null,
      dataDir,
      rendererDir: dataDir,
      consoleLevel: false,
      relay: { graceMs: 60_000 },
    });
    const endpoint = await core.start();
    try {
      const measure = (during?: () => Promise<void>) =>
        measureStampAndLag(endpoint.origin, endpoint.token, 'stamped', 1280, 720, MEASURE_MS, during, 'full');
      const onTime = await measure();
      const pid = await streamPid(endpoint, 'stamped');
      const starved = await measure(() => starve(pid, MEASURE_MS));
      const base = percentile(onTime.latencies, 50);
      // What the starving added to the true latency, and what the header said of it.
      const added = starved.latencies.map((latency) => Math.max(0, latency - base));
      const missed = starved.latencies.map((latency, i) => latency - base - (starved.lags[i] ?? 0));
      return [
        { name: 'on time: capture to socket p50', value: base, unit: 'ms' },
        { name: 'on time: capture to socket p95', value: percentile(onTime.latencies, 95), unit: 'ms' },
        { name: 'on time: header source lag p95', value: percentile(onTime.lags, 95), unit: 'ms' },
        { name: 'starved: capture to socket p50', value: percentile(starved.latencies, 50), unit: 'ms' },
        { name: 'starved: capture to socket p95', value: percentile(starved.latencies, 95), unit: 'ms' },
        { name: 'starved: lag added by starving p95', value: percentile(added, 95), unit: 'ms' },
        { name: 'starved: header source lag p95', value: percentile(starved.lags, 95), unit: 'ms' },
        {
          name: 'starved: lag the header misses p95 (added − reported)',
          value: percentile(missed, 95),
          unit: 'ms',
        },
        {
          name: 'starved: reported / added lag, p95 (target ≥ 0.8)',
          value: percentile(starved.lags, 95) / Math.max(1, percentile(added, 95)),
          unit: 'x',
        },
        { name: 'samples on time', value: onTime.latencies.length, unit: 'frames' },
        { name: 'samples starved', value: starved.latencies.length, unit: 'frames' },
      ];
    } finally {
      await core.stop();
      await fleet.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
