import {
  VIDEO_FLAG_H264,
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  type StreamProfile,
  type StreamStatus,
} from '../../../src-shared/contract';
import { AccessUnitDemuxer, type SourceCodec } from './access-units';
import { GopCache } from './gop-cache';
import { streamKey, type SourceFeed, type StreamViewer, type ViewedStream } from './relay-stream';

/** How often a passthrough stream recomputes its fps and bitrate (as the transcoder does). */
const STATS_INTERVAL_MS = 2_000;

/**
 * One camera × profile relayed as the camera's own H.264, for windows that decode it with
 * WebCodecs: no transcoder, no second ffmpeg. The camera source's packets are demuxed back into
 * access units (access-units.ts) and fanned out to every viewer, each frame flagged
 * VIDEO_FLAG_H264. Like the transcoded stream, it keeps the pictures since the last keyframe so
 * a new viewer decodes at once, and flags keyframes so the socket's per-slot flow control can
 * skip a slow window to the next one (video-flow.ts applies unchanged).
 *
 * Never used for a camera with privacy masks: the relay service transcodes those, so masked
 * pixels are burnt in before they leave the core. A source that turns out not to be H.264 (an
 * HEVC camera) is handed back to the relay (`onCodec`), which moves the viewers to MPEG-1.
 */
export class PassthroughStream implements ViewedStream {
  readonly transport = 'h264' as const;
  private readonly viewers = new Set<StreamViewer>();
  private readonly demuxer = new AccessUnitDemuxer();
  private readonly gop: GopCache;
  private unsubscribeSource: (() => void) | null = null;
  private statsTimer: NodeJS.Timeout | null = null;
  private frames = 0;
  private bytes = 0;
  private lastStats = { at: 0, frames: 0, bytes: 0 };
  private fps = 0;
  private kbps = 0;
  private liveSince: number | null = null;
  private reportedCodec: SourceCodec | null = null;

  constructor(
    readonly cameraId: string,
    readonly profile: StreamProfile,
    private readonly source: SourceFeed,
    private readonly onStatus: (status: StreamStatus) => void,
    maxCacheBytes: number,
    /** Called once the source's codec is known; the relay moves viewers off a non-H.264 source. */
    private readonly onCodec: (codec: SourceCodec) => void,
  ) {
    this.gop = new GopCache(maxCacheBytes);
    source.stage.on('status', this.publishBound);
  }

  private readonly publishBound = (): void => this.publish();

  get key(): string {
    return streamKey(this.cameraId, this.profile, this.transport);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  status(): StreamStatus {
    const source = this.source.stage;
    const live = source.state === 'live' && this.liveSince !== null;
    return {
      cameraId: this.cameraId,
      profile: this.profile,
      state: source.state === 'live' && !live ? 'starting' : source.state,
      reason: source.reason,
      detail: source.detail,
      nextAttemptAt: source.nextAttemptAt,
      restarts: source.restarts,
      viewers: this.viewers.size,
      fps: live ? this.fps : 0,
      kbps: live ? this.kbps : 0,
      liveSince: live ? this.liveSince : null,
      sourceLagMs: source.lagMs,
      pid: source.pid,
      transport: 'h264',
    };
  }

  addViewer(viewer: StreamViewer, extraFlags = 0): void {
    this.viewers.add(viewer);
    const lag = this.source.stage.lagMs;
    this.gop.chunks.forEach((unit, index) =>
      viewer.deliver(unit, VIDEO_FLAG_H264 | (index === 0 ? VIDEO_FLAG_KEYFRAME | extraFlags : 0), lag),
    );
    this.publish();
  }

  removeViewer(viewer: StreamViewer): void {
    this.viewers.delete(viewer);
    this.publish();
  }

  start(): void {
    // The source's cache begins at its last keyframe: a stream joining a running camera source
    // has a picture to show at once.
    for (const chunk of this.source.stage.cache()) this.onSourceChunk(chunk, 0);
    this.unsubscribeSource = this.source.subscribe((data, flags) => this.onSourceChunk(data, flags));
    this.lastStats = { at: Date.now(), frames: this.frames, bytes: this.bytes };
    this.statsTimer = setInterval(() => this.tick(), STATS_INTERVAL_MS);
  }

  stop(): Promise<void> {
    this.unsubscribeSource?.();
    this.unsubscribeSource = null;
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    this.source.stage.off('status', this.publishBound);
    this.viewers.clear();
    this.gop.clear();
    this.liveSince = null;
    return Promise.resolve();
  }

  private onSourceChunk(data: Buffer, flags: number): void {
    if (flags & VIDEO_FLAG_RESET) {
      // A new RTSP session: new program tables and timeline. Viewers restart their decoder.
      this.demuxer.reset();
      this.gop.restart();
    }
    const units = this.demuxer.push(data);
    const codec = this.demuxer.codec;
    if (codec && codec !== this.reportedCodec) {
      this.reportedCodec = codec;
      this.onCodec(codec);
    }
    if (codec !== 'h264') return;
    const lag = this.source.stage.lagMs;
    for (const unit of units) {
      const unitFlags = this.gop.accept(unit.data, unit.keyframe);
      if (unitFlags === null) continue;
      this.frames += 1;
      this.bytes += unit.data.length;
      for (const viewer of this.viewers) viewer.deliver(unit.data, VIDEO_FLAG_H264 | unitFlags, lag);
      if (this.liveSince === null) {
        this.liveSince = Date.now();
        this.publish();
      }
    }
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = (now - this.lastStats.at) / 1000;
    if (elapsed <= 0) return;
    this.fps = Math.round(((this.frames - this.lastStats.frames) / elapsed) * 10) / 10;
    this.kbps = Math.round(((this.bytes - this.lastStats.bytes) * 8) / 1000 / elapsed);
    this.lastStats = { at: now, frames: this.frames, bytes: this.bytes };
    if (this.source.stage.state !== 'live') this.liveSince = null;
    this.publish();
  }

  private publish(): void {
    this.onStatus(this.status());
  }
}
