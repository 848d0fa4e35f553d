import { VIDEO_FLAG_KEYFRAME, type StreamProfile, type StreamStatus } from '../../../src-shared/contract';
import type { CameraRegistry } from '../cameras/camera-registry';
import { log } from '../log/logger';
import { CameraSource } from './camera-source';
import { maskFile } from './privacy-mask';
import type { ProcessLedger } from './process-ledger';
import { RelayStream, type StreamViewer } from './relay-stream';
import { DEFAULT_STREAM_TUNING, type StreamTuning } from './supervised-ffmpeg';

export interface RelayTuning extends StreamTuning {
  /** A stream with no viewer left is stopped after this delay, so a layout switch does not restart it. */
  graceMs: number;
}

export const DEFAULT_RELAY_TUNING: RelayTuning = { ...DEFAULT_STREAM_TUNING, graceMs: 5000 };

type StatusListener = (status: StreamStatus) => void;

/**
 * All relay streams of this workstation, started on demand. The first viewer of a camera ×
 * profile starts a transcoder, every later viewer shares it, and it stops a grace period after
 * the last viewer leaves. Transcoders of one camera stream share one camera source, so Vigie
 * holds one RTSP session per camera stream whatever the number of tiles, windows or profiles.
 */
export class RelayService {
  private readonly streams = new Map<string, RelayStream>();
  private readonly sources = new Map<string, CameraSource>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<StatusListener>();
  private stopped = false;

  constructor(
    private readonly cameras: CameraRegistry,
    private readonly tuning: RelayTuning = DEFAULT_RELAY_TUNING,
    private readonly ledger: ProcessLedger | null = null,
    /** Where rasterised privacy masks are written; masks are off when null. */
    private readonly maskDir: string | null = null,
  ) {}

  /**
   * Applies a camera's new privacy masks to its running streams within seconds: each transcoder
   * restarts with the new mask (fed from the source's cache, so the tile barely blinks).
   */
  updateMasks(cameraId: string, masks: Parameters<CameraRegistry['setMasks']>[1]): number {
    this.cameras.setMasks(cameraId, masks);
    let restarted = 0;
    for (const stream of this.streams.values()) {
      if (stream.cameraId !== cameraId) continue;
      stream.restartTranscoder();
      restarted += 1;
    }
    log.info(
      `privacy masks of ${cameraId} changed (${masks.length} polygon(s)); ${restarted} stream(s) restarted`,
    );
    return restarted;
  }

  /** Subscribes to every stream's status changes; returns the unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): StreamStatus[] {
    return [...this.streams.values()].map((stream) => stream.status());
  }

  /** Camera sources (RTSP sessions) currently open, for diagnostics and tests. */
  sourceList(): { key: string; state: string; pid: number | null; subscribers: number }[] {
    return [...this.sources.values()].map((source) => ({
      key: source.key,
      state: source.stage.state,
      pid: source.stage.pid,
      subscribers: source.subscribers,
    }));
  }

  /** Each running stage with its last ffmpeg lines, so IT can see why a camera fails. */
  diagnostics(): { key: string; state: string; restarts: number; stderr: string[] }[] {
    const sources = [...this.sources.values()].map((source) => ({ key: source.key, stage: source.stage }));
    const streams = [...this.streams.values()].map((stream) => ({ key: stream.key, stage: stream.stage }));
    return [...sources, ...streams].map(({ key, stage }) => ({
      key,
      state: stage.state,
      restarts: stage.restarts,
      stderr: [...stage.stderrTail],
    }));
  }

  /** Starts (or joins) a stream for `viewer`; returns the function that leaves it. */
  acquire(cameraId: string, profile: StreamProfile, viewer: StreamViewer): () => void {
    if (this.stopped) throw new Error('relay stopped');
    if (!this.cameras.has(cameraId)) throw new Error(`unknown camera ${cameraId}`);
    const key = `${cameraId}:${profile}`;
    const idle = this.idleTimers.get(key);
    if (idle) {
      clearTimeout(idle);
      this.idleTimers.delete(key);
    }
    let stream = this.streams.get(key);
    if (!stream) {
      stream = new RelayStream(
        cameraId,
        profile,
        this.sourceFor(cameraId, profile),
        (s) => this.emit(s),
        this.tuning,
        this.ledger,
        () => (this.maskDir ? maskFile(this.maskDir, this.cameras.masks(cameraId)) : null),
      );
      this.streams.set(key, stream);
      stream.start();
    }
    stream.addViewer(viewer);
    const joined = stream;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      joined.removeViewer(viewer);
      if (joined.viewerCount === 0 && this.streams.get(key) === joined && !this.stopped) {
        this.idleTimers.set(
          key,
          setTimeout(() => void this.retire(key, joined), this.tuning.graceMs),
        );
      }
    };
  }

  /**
   * Reads a camera's source as the camera sends it (before any mask), without opening another
   * RTSP session: the cached GOP first, then live chunks. For the mask editor's still; the source
   * closes again when nothing else uses it. Returns the function that stops reading.
   */
  tapSource(
    cameraId: string,
    profile: StreamProfile,
    listener: (data: Buffer, flags: number) => void,
  ): () => void {
    if (this.stopped) throw new Error('relay stopped');
    if (!this.cameras.has(cameraId)) throw new Error(`unknown camera ${cameraId}`);
    const source = this.sourceFor(cameraId, profile);
    source.stage.cache().forEach((chunk, index) => listener(chunk, index === 0 ? VIDEO_FLAG_KEYFRAME : 0));
    const unsubscribe = source.subscribe(listener);
    return () => {
      unsubscribe();
      if (source.subscribers === 0 && this.sources.get(source.key) === source) {
        this.sources.delete(source.key);
        void source.stop();
      }
    };
  }

  private sourceFor(cameraId: string, profile: StreamProfile): CameraSource {
    const variant = this.cameras.sourceVariant(cameraId, profile);
    const key = `${cameraId}/${variant}`;
    let source = this.sources.get(key);
    if (!source) {
      source = new CameraSource(
        key,
        this.cameras.sourceUrl(cameraId, profile),
        this.tuning,
        this.ledger,
        this.cameras.unavailable(cameraId),
      );
      this.sources.set(key, source);
    }
    return source;
  }

  private async retire(key: string, stream: RelayStream): Promise<void> {
    this.idleTimers.delete(key);
    if (stream.viewerCount > 0 || this.streams.get(key) !== stream) return;
    this.streams.delete(key);
    log.info(`relay ${key}: no viewer for ${this.tuning.graceMs} ms, stopping`);
    await stream.stop();
    this.emit(stream.status());
    for (const [sourceKey, source] of this.sources) {
      if (source.subscribers === 0) {
        this.sources.delete(sourceKey);
        log.info(`relay ${sourceKey}: no stream left on this camera source, closing its RTSP session`);
        await source.stop();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const streams = [...this.streams.values()];
    const sources = [...this.sources.values()];
    this.streams.clear();
    this.sources.clear();
    await Promise.all(streams.map((stream) => stream.stop()));
    await Promise.all(sources.map((source) => source.stop()));
  }

  private emit(status: StreamStatus): void {
    for (const listener of this.listeners) listener(status);
  }
}
