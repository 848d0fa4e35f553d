import type { StreamProfile, StreamStatus } from '../../../src-shared/contract';
import type { CameraRegistry } from '../cameras/camera-registry';
import { log } from '../log/logger';
import { transcodeArgs } from './ffmpeg-args';
import { DEFAULT_STREAM_TUNING, RelayStream, type StreamTuning, type StreamViewer } from './relay-stream';

export interface RelayTuning extends StreamTuning {
  /** A stream with no viewer left is stopped after this delay, so a layout switch does not restart it. */
  graceMs: number;
}

export const DEFAULT_RELAY_TUNING: RelayTuning = { ...DEFAULT_STREAM_TUNING, graceMs: 5000 };

type StatusListener = (status: StreamStatus) => void;

/**
 * All relay streams of this workstation, started on demand: the first viewer of a camera ×
 * profile starts one ffmpeg, every later viewer shares it, and it stops a grace period after the
 * last viewer leaves. One RTSP session per camera stream, whatever the number of tiles watching.
 */
export class RelayService {
  private readonly streams = new Map<string, RelayStream>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<StatusListener>();
  private stopped = false;

  constructor(
    private readonly cameras: CameraRegistry,
    private readonly tuning: RelayTuning = DEFAULT_RELAY_TUNING,
  ) {}

  /** Subscribes to every stream's status changes; returns the unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): StreamStatus[] {
    return [...this.streams.values()].map((stream) => stream.status());
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
        () => transcodeArgs(this.cameras.sourceUrl(cameraId, profile), profile),
        (status) => this.emit(status),
        this.tuning,
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
          setTimeout(() => {
            this.idleTimers.delete(key);
            if (joined.viewerCount > 0) return;
            this.streams.delete(key);
            log.info(`relay ${key}: no viewer for ${this.tuning.graceMs} ms, stopping`);
            void joined.stop();
          }, this.tuning.graceMs),
        );
      }
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    const streams = [...this.streams.values()];
    this.streams.clear();
    await Promise.all(streams.map((stream) => stream.stop()));
  }

  private emit(status: StreamStatus): void {
    for (const listener of this.listeners) listener(status);
  }
}
