import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DemoFleet } from '../../src-main/core/demo/demo-fleet';
import { CameraHealthService, type HealthTarget } from '../../src-main/core/health/health-service';
import { probeRtsp } from '../../src-main/core/health/rtsp-probe';
import type { BenchFigure, BenchSuite } from '../bench-types';
import { cpuSeconds, percentile, selfCpuSeconds } from '../support/proc-cpu';

/** The CSU's fleet: 202 street cameras and ~30 traffic cameras, each with a main and a sub-stream. */
const FLEET = 230;
/** Mount points of the real RTSP server the 230 cameras' URLs are spread over. */
const MOUNTS = 8;
/** Long enough for four probe rounds at the default 10 s interval. */
const WINDOW_MS = 40_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function targets(count: number, port: number): HealthTarget[] {
  return Array.from({ length: count }, (_, index) => {
    const mount = `cam${index % MOUNTS}`;
    return {
      cameraId: `bench-${index + 1}`,
      number: index + 1,
      name: `Caméra ${index + 1}`,
      streams: [
        { stream: 'main' as const, url: `rtsp://127.0.0.1:${port}/${mount}` },
        { stream: 'sub' as const, url: `rtsp://127.0.0.1:${port}/${mount}` },
      ],
      unavailable: false,
    };
  });
}

interface Run {
  /** Share of one core this process used over the window (1.0 = a whole core). */
  coreShare: number;
  /** The RTSP server's share over the same window (it answers every DESCRIBE). */
  serverShare: number;
  probes: number;
  failures: number;
  probeMs: number[];
  maxQueueWaitMs: number;
  up: number;
}

/** Probes `count` cameras with the core's service for WINDOW_MS and measures what it costs. */
async function measure(count: number, fleet: DemoFleet, real: boolean): Promise<Run> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-health-'));
  const probeMs: number[] = [];
  const service = new CameraHealthService({
    dataDir,
    targets: () => targets(count, fleet.port ?? 0),
    probe: async (url, timeouts) => {
      const startedAt = performance.now();
      // The baseline run answers at once: the service's own scheduling and bookkeeping only.
      const outcome = real ? await probeRtsp(url, timeouts) : ({ ok: true, status: 200 } as const);
      probeMs.push(performance.now() - startedAt);
      return outcome;
    },
  });
  const serverPid = fleet.pid ?? 0;
  service.start();
  try {
    // Past the first round's spread, so the window sees the steady rate.
    await sleep(service.settings.intervalMs);
    const before = service.stats();
    probeMs.length = 0;
    const self0 = selfCpuSeconds();
    const server0 = cpuSeconds(serverPid);
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const wall = (performance.now() - t0) / 1000;
    const after = service.stats();
    return {
      coreShare: (selfCpuSeconds() - self0) / wall,
      serverShare: (cpuSeconds(serverPid) - server0) / wall,
      probes: after.probes - before.probes,
      failures: after.failures - before.failures,
      probeMs: [...probeMs],
      maxQueueWaitMs: after.maxQueueWaitMs,
      up: service.summary().up,
    };
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Camera health (issue 14): what probing the whole fleet (230 cameras, main + sub-stream each,
 * OPTIONS + DESCRIBE every ~10 s) costs the core, against two baselines measured in the same
 * run: the same service answering its probes at once (scheduling and bookkeeping alone), and the
 * process idle. The cameras are the real GStreamer RTSP server's; 230 cameras share its 8 mounts,
 * as the probe never streams, so each DESCRIBE is a full answer with its SDP.
 */
export const suite: BenchSuite = {
  name: 'health',
  async run(): Promise<BenchFigure[]> {
    const fleet = new DemoFleet(
      Array.from({ length: MOUNTS }, (_, index) => ({
        path: `cam${index}`,
        label: `cam${index}`,
        width: 320,
        height: 180,
        fps: 12,
        codec: 'h264' as const,
      })),
    );
    const { port } = await fleet.start();
    // One viewer per mount keeps its shared media prepared: GStreamer's server answers 503 to a
    // DESCRIBE that lands while a shared media unprepares, which a real camera never does.
    const holders: ChildProcess[] = Array.from({ length: MOUNTS }, (_, index) =>
      spawn(
        'ffmpeg',
        [
          '-nostdin',
          '-loglevel',
          'error',
          '-rtsp_transport',
          'tcp',
          '-i',
          `rtsp://127.0.0.1:${port}/cam${index}`,
          '-c',
          'copy',
          '-f',
          'null',
          '-',
        ],
        { stdio: 'ignore' },
      ),
    );
    try {
      await sleep(3000);
      const idle0 = selfCpuSeconds();
      const t0 = performance.now();
      await sleep(WINDOW_MS / 4);
      const idleShare = (selfCpuSeconds() - idle0) / ((performance.now() - t0) / 1000);
      const baseline = await measure(FLEET, fleet, false);
      const tenth = await measure(FLEET / 10, fleet, true);
      const full = await measure(FLEET, fleet, true);
      if (full.up !== FLEET)
        throw new Error(`only ${full.up} of ${FLEET} cameras were up: the bench's server is not answering`);
      // The probe's own cost: the same service, same process, minus the run whose probes answer
      // at once (so the demo server's log lines and the timers count on both sides).
      const probing = Math.max(0, full.coreShare - baseline.coreShare);
      return [
        { name: 'baseline: idle process', value: idleShare * 100, unit: '% of a core' },
        {
          name: 'baseline: 230 cameras, probes answered at once',
          value: baseline.coreShare * 100,
          unit: '% of a core',
        },
        { name: '23 cameras probed', value: tenth.coreShare * 100, unit: '% of a core' },
        { name: '230 cameras probed', value: full.coreShare * 100, unit: '% of a core' },
        {
          name: '230 cameras probed / baseline',
          value: full.coreShare / Math.max(1e-6, baseline.coreShare),
          unit: 'x',
        },
        { name: 'probing cost, 230 cameras (minus baseline)', value: probing * 100, unit: '% of a core' },
        {
          name: 'CPU per probe (230 cameras, minus baseline)',
          value: (probing * WINDOW_MS) / Math.max(1, full.probes),
          unit: 'ms',
        },
        { name: 'probes per second (230 cameras)', value: full.probes / (WINDOW_MS / 1000), unit: '/s' },
        { name: 'failed probes (230 cameras)', value: full.failures, unit: 'probes' },
        { name: 'probe round trip p50', value: percentile(full.probeMs, 50), unit: 'ms' },
        { name: 'probe round trip p95', value: percentile(full.probeMs, 95), unit: 'ms' },
        { name: 'longest wait for a probe slot', value: full.maxQueueWaitMs, unit: 'ms' },
        { name: 'RTSP server answering 230 cameras', value: full.serverShare * 100, unit: '% of a core' },
      ];
    } finally {
      for (const holder of holders) if (holder.pid) process.kill(holder.pid, 'SIGTERM');
      await fleet.stop();
    }
  },
};
