import path from 'node:path';
import type { AvailabilityDay, CameraFault, HealthSummary } from '../../../src-shared/contract';
import { ensurePrivateDir } from '../files/private-files';
import { log } from '../log/logger';
import { AvailabilityStore } from './availability-store';
import { CameraHealthTracker, type ProbeVerdict, type Transition } from './health-tracker';
import { probeRtsp, type ProbeOutcome, type ProbeTimeouts } from './rtsp-probe';

/**
 * Probe timings. The defaults guarantee the 30 s both ways (docs/camera-health.md):
 * - down: a camera dies just after a good probe; the next starts within interval × (1 + jitter)
 *   = 11 s, fails within deadline (3 s), is retried after retry (2 s) and fails again within 3 s:
 *   flagged down at most 19 s after it died;
 * - up: the probe running when it returns fails within 3 s, the next starts within 11 s and
 *   answers in milliseconds: up at most 14 s after it returned.
 * The 11 s of margin covers waiting for a free probe slot (see `concurrency`).
 */
export interface HealthTuning {
  intervalMs: number;
  /** Each interval is drawn in interval × [1 − jitter, 1 + jitter], so probes never beat together. */
  jitter: number;
  /** Delay before probing again a camera whose last probe failed. */
  retryMs: number;
  /** Failures in a row that make a camera down. */
  failuresToDown: number;
  /** Probes in flight at most (sockets open at once). */
  concurrency: number;
  connectMs: number;
  deadlineMs: number;
  /** How often the open availability segments are extended on disk. */
  heartbeatMs: number;
  /** The first round of probes is spread over min(interval, cameras × this). */
  startSpreadPerCameraMs: number;
}

export const DEFAULT_HEALTH_TUNING: HealthTuning = {
  intervalMs: 10_000,
  jitter: 0.1,
  retryMs: 2_000,
  failuresToDown: 2,
  concurrency: 32,
  connectMs: 2_000,
  deadlineMs: 3_000,
  heartbeatMs: 60_000,
  startSpreadPerCameraMs: 25,
};

/** A camera as the service probes it: its stream URLs come with credentials, as the relay's. */
export interface HealthTarget {
  cameraId: string;
  number: number;
  name: string;
  /** Main stream first; the sub-stream when configured. Never logged (they carry credentials). */
  streams: { stream: 'main' | 'sub'; url: string }[];
  /** A camera that cannot be probed (demo fleet not started): kept `unknown`. */
  unavailable: boolean;
}

export interface CameraHealthOptions {
  dataDir: string;
  targets: () => HealthTarget[];
  tuning?: Partial<HealthTuning>;
  nativeBinding?: string;
  /** Probe function; the benchmark counts calls through it. */
  probe?: (url: string, timeouts: ProbeTimeouts) => Promise<ProbeOutcome>;
}

/** Counters for IT and the benchmark. */
export interface HealthStats {
  probes: number;
  failures: number;
  inFlight: number;
  queued: number;
  /** Longest a due probe waited for a free slot, ms (a sign the fleet outgrows `concurrency`). */
  maxQueueWaitMs: number;
}

export function healthPaths(dataDir: string): { dir: string; database: string; exports: string } {
  const dir = path.join(dataDir, 'health');
  return { dir, database: path.join(dir, 'availability.sqlite'), exports: path.join(dir, 'exports') };
}

interface Slot {
  tracker: CameraHealthTracker;
  target: HealthTarget;
  timer: ReturnType<typeof setTimeout> | null;
  dueAt: number;
}

/**
 * Knows, for every configured camera, whether it answers, without streaming it: each camera is
 * probed (RTSP OPTIONS + DESCRIBE, see rtsp-probe.ts) every ~10 s, at most `concurrency` at once,
 * and its transitions are written to a small SQLite file so a per-day availability survives
 * restarts. A camera nobody watches is known down within 30 s, and back up within 30 s.
 */
export class CameraHealthService {
  private readonly tuning: HealthTuning;
  private readonly slots = new Map<string, Slot>();
  private readonly queue: Slot[] = [];
  private readonly running = new Set<Promise<void>>();
  private store: AvailabilityStore | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private stopped = true;
  private readonly counters = { probes: 0, failures: 0, maxQueueWaitMs: 0 };

  constructor(private readonly options: CameraHealthOptions) {
    this.tuning = { ...DEFAULT_HEALTH_TUNING, ...options.tuning };
  }

  get settings(): Readonly<HealthTuning> {
    return this.tuning;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const paths = healthPaths(this.options.dataDir);
    ensurePrivateDir(paths.dir);
    try {
      this.store = new AvailabilityStore(paths.database, this.options.nativeBinding);
    } catch (error) {
      // Health still shows live; only the availability figures are lost. Said once, loudly.
      log.error(`camera health: availability file ${paths.database} unusable: ${(error as Error).message}`);
      this.store = null;
    }
    const now = Date.now();
    const targets = this.options.targets();
    const spread = Math.min(this.tuning.intervalMs, targets.length * this.tuning.startSpreadPerCameraMs);
    for (const target of targets) {
      const tracker = new CameraHealthTracker(
        target.cameraId,
        target.number,
        target.name,
        this.tuning.failuresToDown,
        now,
        target.unavailable,
      );
      const slot: Slot = { tracker, target, timer: null, dueAt: now };
      this.slots.set(target.cameraId, slot);
      if (!target.unavailable && target.streams.length) this.schedule(slot, Math.random() * spread);
    }
    this.heartbeat = setInterval(() => this.store?.heartbeat(Date.now()), this.tuning.heartbeatMs);
    this.heartbeat.unref();
    log.info(
      `camera health: probing ${targets.length} cameras every ${this.tuning.intervalMs / 1000} s, ` +
        `${this.tuning.concurrency} at most at once`,
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    this.queue.length = 0;
    // Probes in flight end within their deadline; their verdicts are dropped.
    await Promise.allSettled([...this.running]);
    try {
      this.store?.closeAll(Date.now());
    } catch (error) {
      log.error(`camera health: could not close the availability segments: ${(error as Error).message}`);
    }
    this.store?.close();
    this.store = null;
    this.slots.clear();
  }

  /** Every camera's state, down ones first; up cameras only counted. */
  summary(): HealthSummary {
    const cameras = [...this.slots.values()].map((slot) => slot.tracker.snapshot());
    const count = (state: string) => cameras.filter((camera) => camera.state === state).length;
    const rank = { down: 0, unknown: 1, up: 2 } as const;
    const listed = cameras
      .filter((camera) => camera.state !== 'up')
      .sort((a, b) => rank[a.state] - rank[b.state] || a.since.localeCompare(b.since) || a.number - b.number);
    return {
      total: cameras.length,
      up: count('up'),
      down: count('down'),
      unknown: count('unknown'),
      cameras: listed,
      at: new Date().toISOString(),
    };
  }

  /** Per camera and local day; null when the availability file could not be opened. */
  availability(from: string, to: string): AvailabilityDay[] | null {
    if (!this.store) return null;
    return this.store.availability([...this.slots.keys()], from, to, Date.now());
  }

  /** A down camera's outage (since when, why), for a "panne caméra" entry; null when not down. */
  fault(cameraId: string): CameraFault | null {
    const camera = this.slots.get(cameraId)?.tracker.snapshot();
    if (!camera || camera.state !== 'down') return null;
    return { since: camera.since, reason: camera.reason, stream: camera.stream };
  }

  /** Cameras' numbers and names, for the export. */
  camera(cameraId: string): { number: number; name: string } | null {
    const slot = this.slots.get(cameraId);
    return slot ? { number: slot.tracker.number, name: slot.tracker.name } : null;
  }

  stats(): HealthStats {
    return { ...this.counters, inFlight: this.running.size, queued: this.queue.length };
  }

  private schedule(slot: Slot, delayMs: number): void {
    if (this.stopped) return;
    slot.dueAt = Date.now() + delayMs;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      this.queue.push(slot);
      this.pump();
    }, delayMs);
    slot.timer.unref();
  }

  private nextDelay(slot: Slot): number {
    if (slot.tracker.suspect) return this.tuning.retryMs;
    const { intervalMs, jitter } = this.tuning;
    return intervalMs * (1 - jitter + 2 * jitter * Math.random());
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.tuning.concurrency && this.queue.length) {
      const slot = this.queue.shift();
      if (!slot) break;
      this.counters.maxQueueWaitMs = Math.max(this.counters.maxQueueWaitMs, Date.now() - slot.dueAt);
      const task: Promise<void> = this.probe(slot)
        .catch((error: unknown) =>
          log.error(`camera health: probe of ${slot.target.cameraId} failed: ${String(error)}`),
        )
        .finally(() => {
          this.running.delete(task);
          if (!this.stopped) {
            this.schedule(slot, this.nextDelay(slot));
            this.pump();
          }
        });
      this.running.add(task);
    }
  }

  private async probe(slot: Slot): Promise<void> {
    const probe = this.options.probe ?? probeRtsp;
    const timeouts = { connectMs: this.tuning.connectMs, deadlineMs: this.tuning.deadlineMs };
    const startedAt = Date.now();
    let verdict: ProbeVerdict = {
      ok: true,
      reason: null,
      status: 200,
      stream: null,
      detail: '',
      startedAt,
      endedAt: 0,
    };
    for (const { stream, url } of slot.target.streams) {
      const outcome = await probe(url, timeouts);
      this.counters.probes += 1;
      if (!outcome.ok) {
        this.counters.failures += 1;
        verdict = {
          ...verdict,
          ok: false,
          reason: outcome.reason,
          status: outcome.status,
          stream,
          detail: outcome.detail,
        };
        break;
      }
    }
    verdict.endedAt = Date.now();
    if (this.stopped) return;
    const transition = slot.tracker.apply(verdict);
    if (transition) this.record(slot, transition, verdict);
  }

  private record(slot: Slot, transition: Transition, verdict: ProbeVerdict): void {
    const { cameraId, number } = slot.target;
    if (transition.to === 'down')
      log.warn(
        `camera health: camera ${number} (${cameraId}) down: ${transition.reason} (${verdict.stream}: ${verdict.detail})`,
      );
    else if (transition.from === 'down') log.info(`camera health: camera ${number} (${cameraId}) back up`);
    try {
      this.store?.transition(cameraId, transition.to, transition.reason, transition.at);
    } catch (error) {
      log.error(`camera health: could not record ${cameraId} ${transition.to}: ${(error as Error).message}`);
    }
  }
}
