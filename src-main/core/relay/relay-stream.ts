import {
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  type StreamProfile,
  type StreamStatus,
  type VideoTransport,
} from '../../../src-shared/contract';
import { transcodeArgs } from './ffmpeg-args';
import type { ProcessLedger } from './process-ledger';
import { SupervisedFfmpeg, type StreamTuning } from './supervised-ffmpeg';

export { DEFAULT_STREAM_TUNING, type StreamTuning } from './supervised-ffmpeg';

/** Receives one stream's MPEG-TS chunks; implemented by each socket subscription. */
export interface StreamViewer {
  /** `sourceLagMs`: how far behind the camera this stream's pictures come out now. */
  deliver(data: Buffer, flags: number, sourceLagMs: number): void;
}

/** What a relay stream needs from its camera source (the first pipeline stage). */
export interface SourceFeed {
  readonly stage: SupervisedFfmpeg;
  /** Subscribes to the source's chunks; returns the unsubscribe function. */
  subscribe(listener: (data: Buffer, flags: number) => void): () => void;
}

/** A stream's key in the relay: one per camera × profile × transport. */
export function streamKey(cameraId: string, profile: StreamProfile, transport: VideoTransport): string {
  return transport === 'h264' ? `${cameraId}:${profile}:h264` : `${cameraId}:${profile}`;
}

/**
 * What the relay service and the sockets need of a stream, transcoded (RelayStream) or passed
 * through (PassthroughStream): viewers come and go, and it reports one status.
 */
export interface ViewedStream {
  readonly cameraId: string;
  readonly profile: StreamProfile;
  readonly transport: VideoTransport;
  readonly key: string;
  readonly viewerCount: number;
  /** `extraFlags` go on the first (cached keyframe) chunk, e.g. VIDEO_FLAG_RESET for a moved viewer. */
  addViewer(viewer: StreamViewer, extraFlags?: number): void;
  removeViewer(viewer: StreamViewer): void;
  status(): StreamStatus;
  start(): void;
  stop(): Promise<void>;
}

/**
 * One camera × profile: the transcoding stage fed by the camera's source, fanned out to every
 * viewer. New viewers get the bytes since the last keyframe at once; when the source restarts
 * (new RTSP session), the transcoder restarts with it so timestamps never go backwards.
 */
export class RelayStream implements ViewedStream {
  readonly transport = 'mpeg1' as const;
  private readonly transcoder: SupervisedFfmpeg;
  private readonly viewers = new Set<StreamViewer>();
  private unsubscribeSource: (() => void) | null = null;
  private fedSinceSpawn = false;

  constructor(
    readonly cameraId: string,
    readonly profile: StreamProfile,
    private readonly source: SourceFeed,
    private readonly onStatus: (status: StreamStatus) => void,
    tuning: StreamTuning,
    ledger: ProcessLedger | null = null,
    /** The camera's current privacy mask file, read at every spawn so edits apply on restart. */
    mask: () => string | null = () => null,
  ) {
    this.transcoder = new SupervisedFfmpeg({
      label: `${cameraId}:${profile}`,
      buildArgs: () => transcodeArgs(profile, mask()),
      tuning,
      ledger,
      expectsOutput: () => source.stage.state === 'live' && this.fedSinceSpawn,
    });
    this.transcoder.on('spawned', () => this.feedCache());
    this.transcoder.on('chunk', (data, flags) => {
      const lag = this.transcoder.lagMs;
      for (const viewer of this.viewers) viewer.deliver(data, flags, lag);
    });
    this.transcoder.on('status', () => this.publish());
    source.stage.on('status', this.publishBound);
  }

  private readonly publishBound = (): void => this.publish();

  /** The transcoding stage, for diagnostics. */
  get stage(): SupervisedFfmpeg {
    return this.transcoder;
  }

  get key(): string {
    return streamKey(this.cameraId, this.profile, this.transport);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** The operator-facing state: the source's while the camera is not live, else the transcoder's. */
  status(): StreamStatus {
    const source = this.source.stage;
    const upstream = source.state !== 'live' ? source : this.transcoder;
    return {
      cameraId: this.cameraId,
      profile: this.profile,
      state: upstream.state === 'idle' && source.state !== 'idle' ? 'starting' : upstream.state,
      reason: upstream.reason,
      detail: upstream.detail,
      nextAttemptAt: upstream.nextAttemptAt,
      restarts: source.restarts + this.transcoder.restarts,
      viewers: this.viewers.size,
      fps: this.transcoder.fps,
      kbps: this.transcoder.kbps,
      liveSince: source.state === 'live' ? this.transcoder.liveSince : null,
      sourceLagMs: this.transcoder.lagMs,
      pid: this.transcoder.pid,
      transport: 'mpeg1',
    };
  }

  /** Adds a viewer; it first gets the cached GOP, so it can decode a picture immediately. */
  addViewer(viewer: StreamViewer, extraFlags = 0): void {
    this.viewers.add(viewer);
    const lag = this.transcoder.lagMs;
    this.transcoder
      .cache()
      .forEach((chunk, index) =>
        viewer.deliver(chunk, index === 0 ? VIDEO_FLAG_KEYFRAME | extraFlags : 0, lag),
      );
    this.publish();
  }

  removeViewer(viewer: StreamViewer): void {
    this.viewers.delete(viewer);
    this.publish();
  }

  /** Restarts the transcoder at once (e.g. its privacy masks changed); viewers keep their last picture. */
  restartTranscoder(): void {
    this.transcoder.respawn();
  }

  start(): void {
    this.unsubscribeSource = this.source.subscribe((data, flags) => this.onSourceChunk(data, flags));
    // No transcoder waiting for a source that cannot exist: the status already says why.
    if (!this.source.stage.blocked) this.transcoder.start();
  }

  async stop(): Promise<void> {
    this.unsubscribeSource?.();
    this.unsubscribeSource = null;
    this.source.stage.off('status', this.publishBound);
    await this.transcoder.stop();
  }

  private feedCache(): void {
    this.fedSinceSpawn = false;
    for (const [index, chunk] of this.source.stage.cache().entries()) {
      this.transcoder.write(chunk, index === 0 ? VIDEO_FLAG_KEYFRAME : 0);
      this.fedSinceSpawn = true;
    }
  }

  private onSourceChunk(data: Buffer, flags: number): void {
    // The source restarted (new RTSP session, new timestamps): start a clean transcoder too. It
    // is fed from the source's cache, which begins with this very keyframe.
    if (flags & VIDEO_FLAG_RESET && this.fedSinceSpawn) {
      this.transcoder.respawn();
      return;
    }
    this.transcoder.write(data, flags);
    this.fedSinceSpawn = true;
  }

  private publish(): void {
    this.onStatus(this.status());
  }
}
