import {
  VIDEO_FLAG_KEYFRAME,
  VIDEO_FLAG_RESET,
  type PassthroughCodec,
  type StreamProfile,
  type StreamStatus,
  type VideoTransport,
} from '../../../src-shared/contract';
import type { CameraRegistry } from '../cameras/camera-registry';
import { log } from '../log/logger';
import type { SourceCodec } from './access-units';
import { CameraSource } from './camera-source';
import { PassthroughStream } from './passthrough-stream';
import { maskFile } from './privacy-mask';
import type { ProcessLedger } from './process-ledger';
import { RelayStream, streamKey, type StreamViewer, type ViewedStream } from './relay-stream';
import { DEFAULT_STREAM_TUNING, type StreamTuning } from './supervised-ffmpeg';

export interface RelayTuning extends StreamTuning {
  /** A stream with no viewer left is stopped after this delay, so a layout switch does not restart it. */
  graceMs: number;
}

export const DEFAULT_RELAY_TUNING: RelayTuning = { ...DEFAULT_STREAM_TUNING, graceMs: 5000 };

type StatusListener = (status: StreamStatus) => void;

/** A camera source as another feature may read it (the replay buffer), without keeping it open. */
export interface ObservedSource {
  /** `<camera>/<main|sub>`: one per camera stream. */
  key: string;
  cameraId: string;
  variant: 'main' | 'sub';
  /** Reads its chunks (flags as the source gives them) while it is open; returns the function that stops. */
  observe(listener: (data: Buffer, flags: number) => void): () => void;
}

/** One viewer's place: which stream it is on now, and what its window can decode. */
interface Binding {
  cameraId: string;
  profile: StreamProfile;
  accept: readonly PassthroughCodec[];
  viewer: StreamViewer;
  stream: ViewedStream | null;
}

/**
 * All relay streams of this workstation, started on demand. The first viewer of a camera ×
 * profile starts a transcoder, every later viewer shares it, and it stops a grace period after
 * the last viewer leaves. Transcoders of one camera stream share one camera source, so Vigie
 * holds one RTSP session per camera stream whatever the number of tiles, windows or profiles.
 *
 * Each viewer gets the camera's own H.264 (PassthroughStream) or MPEG-1 (RelayStream), chosen by
 * `transportFor`: the config's `video.transport`, what the window decodes, and never passthrough
 * for a camera with privacy masks or a source that is not H.264. A viewer is moved to MPEG-1 at
 * once when that changes under it (masks drawn, an HEVC camera discovered).
 */
export class RelayService {
  private readonly streams = new Map<string, ViewedStream>();
  private readonly bindings = new Set<Binding>();
  /** Codecs seen on each camera source (key as in `sources`), so an HEVC camera is transcoded. */
  private readonly sourceCodecs = new Map<string, SourceCodec>();
  private readonly sources = new Map<string, CameraSource>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<StatusListener>();
  private readonly sourceListeners = new Set<(source: ObservedSource) => void>();
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
      if (stream.cameraId !== cameraId || !(stream instanceof RelayStream)) continue;
      stream.restartTranscoder();
      restarted += 1;
    }
    // Passthrough carries the camera's pixels untouched: with a mask, its viewers go to MPEG-1 now.
    const moved = this.rebind((binding) => binding.cameraId === cameraId);
    log.info(
      `privacy masks of ${cameraId} changed (${masks.length} polygon(s)); ${restarted} stream(s) restarted` +
        (moved ? `, ${moved} passthrough viewer(s) moved to MPEG-1` : ''),
    );
    return restarted + moved;
  }

  /**
   * Calls `listener` with every camera source this relay opens from now on (and those open now),
   * so the replay buffer reads the one RTSP session each camera stream already has.
   */
  onSourceOpened(listener: (source: ObservedSource) => void): () => void {
    this.sourceListeners.add(listener);
    for (const source of this.sources.values()) listener(this.observed(source));
    return () => this.sourceListeners.delete(listener);
  }

  /** The camera source key a profile of a camera reads (`<camera>/<main|sub>`). */
  sourceKeyFor(cameraId: string, profile: StreamProfile): string {
    return this.sourceKey(cameraId, profile);
  }

  /** The camera's current rasterised privacy mask file (null without masks): the same for every transcoder. */
  maskFileFor(cameraId: string): string | null {
    return this.maskDir ? maskFile(this.maskDir, this.cameras.masks(cameraId)) : null;
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
    // Passthrough streams have no process of their own: their source's lines are listed above.
    const streams = [...this.streams.values()].flatMap((stream) =>
      stream instanceof RelayStream ? [{ key: stream.key, stage: stream.stage }] : [],
    );
    return [...sources, ...streams].map(({ key, stage }) => ({
      key,
      state: stage.state,
      restarts: stage.restarts,
      stderr: [...stage.stderrTail],
    }));
  }

  /**
   * Starts (or joins) a stream for `viewer`; returns the function that leaves it. `accept` is
   * what the viewer's window decodes besides MPEG-1.
   */
  acquire(
    cameraId: string,
    profile: StreamProfile,
    viewer: StreamViewer,
    accept: readonly PassthroughCodec[] = [],
    /** On the first (cached keyframe) chunk, e.g. VIDEO_FLAG_RESET for a tile back from replay. */
    extraFlags = 0,
  ): () => void {
    if (this.stopped) throw new Error('relay stopped');
    if (!this.cameras.has(cameraId)) throw new Error(`unknown camera ${cameraId}`);
    const binding: Binding = { cameraId, profile, accept, viewer, stream: null };
    this.join(binding, extraFlags);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.leave(binding);
    };
  }

  /**
   * The transport a viewer gets: MPEG-1 unless the config asks for H.264 (`h264`, or `auto`
   * where the camera sends a small stream for the grid: a main stream passed to a small tile
   * would cost the window a full-size decode), the window decodes it, the camera has no privacy
   * mask, and its source is not known to be another codec.
   */
  transportFor(
    cameraId: string,
    profile: StreamProfile,
    accept: readonly PassthroughCodec[],
  ): VideoTransport {
    if (!accept.includes('h264') || this.cameras.masks(cameraId).length > 0) return 'mpeg1';
    const setting = this.cameras.transportSetting(cameraId);
    if (setting === 'mpeg1') return 'mpeg1';
    const codec = this.sourceCodecs.get(this.sourceKey(cameraId, profile));
    if (codec !== undefined && codec !== 'h264') return 'mpeg1';
    if (setting === 'auto' && profile === 'grid' && this.cameras.sourceVariant(cameraId, profile) !== 'sub')
      return 'mpeg1';
    return 'h264';
  }

  private join(binding: Binding, extraFlags: number): void {
    const transport = this.transportFor(binding.cameraId, binding.profile, binding.accept);
    const stream = this.streamFor(binding.cameraId, binding.profile, transport);
    binding.stream = stream;
    this.bindings.add(binding);
    stream.addViewer(binding.viewer, extraFlags);
  }

  private leave(binding: Binding): void {
    const stream = binding.stream;
    this.bindings.delete(binding);
    binding.stream = null;
    if (!stream) return;
    stream.removeViewer(binding.viewer);
    const key = stream.key;
    if (stream.viewerCount === 0 && this.streams.get(key) === stream && !this.stopped) {
      this.idleTimers.set(
        key,
        setTimeout(() => void this.retire(key, stream), this.tuning.graceMs),
      );
    }
  }

  /**
   * Moves the passthrough viewers `which` selects to the transport they should have now; their
   * first chunk on the new stream says VIDEO_FLAG_RESET so the window changes decoder. Returns
   * how many moved.
   */
  private rebind(which: (binding: Binding) => boolean): number {
    let moved = 0;
    for (const binding of [...this.bindings]) {
      const stream = binding.stream;
      if (!stream || stream.transport !== 'h264' || !which(binding)) continue;
      if (this.transportFor(binding.cameraId, binding.profile, binding.accept) === 'h264') continue;
      this.leave(binding);
      this.join(binding, VIDEO_FLAG_RESET);
      moved += 1;
    }
    return moved;
  }

  private streamFor(cameraId: string, profile: StreamProfile, transport: VideoTransport): ViewedStream {
    const key = streamKey(cameraId, profile, transport);
    const idle = this.idleTimers.get(key);
    if (idle) {
      clearTimeout(idle);
      this.idleTimers.delete(key);
    }
    const existing = this.streams.get(key);
    if (existing) return existing;
    const source = this.sourceFor(cameraId, profile);
    const stream: ViewedStream =
      transport === 'h264'
        ? new PassthroughStream(
            cameraId,
            profile,
            source,
            (s) => this.emit(s),
            this.tuning.maxCacheBytes,
            (codec) => this.noteCodec(source.key, codec),
          )
        : new RelayStream(
            cameraId,
            profile,
            source,
            (s) => this.emit(s),
            this.tuning,
            this.ledger,
            () => this.maskFileFor(cameraId),
          );
    this.streams.set(key, stream);
    stream.start();
    return stream;
  }

  /** A camera source's codec became known; a source that is not H.264 goes back to MPEG-1. */
  private noteCodec(sourceKey: string, codec: SourceCodec): void {
    this.sourceCodecs.set(sourceKey, codec);
    if (codec === 'h264') return;
    log.warn(`relay ${sourceKey}: the camera sends ${codec}, not H.264: its viewers are transcoded`);
    // Later: the source is emitting this very chunk to its listeners right now.
    queueMicrotask(() => {
      if (!this.stopped)
        this.rebind((binding) => this.sourceKey(binding.cameraId, binding.profile) === sourceKey);
    });
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

  private sourceKey(cameraId: string, profile: StreamProfile): string {
    return `${cameraId}/${this.cameras.sourceVariant(cameraId, profile)}`;
  }

  private sourceFor(cameraId: string, profile: StreamProfile): CameraSource {
    const key = this.sourceKey(cameraId, profile);
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
      const observed = this.observed(source);
      for (const listener of this.sourceListeners) listener(observed);
    }
    return source;
  }

  private observed(source: CameraSource): ObservedSource {
    const [cameraId = '', variant] = source.key.split('/');
    return {
      key: source.key,
      cameraId,
      variant: variant === 'sub' ? 'sub' : 'main',
      observe: (listener) => source.observe(listener),
    };
  }

  private async retire(key: string, stream: ViewedStream): Promise<void> {
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
    this.bindings.clear();
    await Promise.all(streams.map((stream) => stream.stop()));
    await Promise.all(sources.map((source) => source.stop()));
  }

  private emit(status: StreamStatus): void {
    for (const listener of this.listeners) listener(status);
  }
}
