import { sourceArgs } from './ffmpeg-args';
import type { ProcessLedger } from './process-ledger';
import type { SourceFeed } from './relay-stream';
import { SupervisedFfmpeg, type StreamTuning, type SupervisedOptions } from './supervised-ffmpeg';

type ChunkListener = (data: Buffer, flags: number) => void;

/**
 * First pipeline stage: the one RTSP session Vigie holds on a camera stream (main or sub).
 * Many cameras accept only one or two sessions, so every profile and tile of this workstation
 * shares it; the H.264 (or H.265) is copied, not decoded, so this stage costs almost nothing.
 */
export class CameraSource implements SourceFeed {
  readonly stage: SupervisedFfmpeg;
  private readonly listeners = new Set<ChunkListener>();
  /** Readers that do not keep the session open (the replay buffer): not counted in `subscribers`. */
  private readonly observers = new Set<ChunkListener>();

  constructor(
    readonly key: string,
    url: string,
    tuning: StreamTuning,
    ledger: ProcessLedger | null = null,
    unavailable: SupervisedOptions['unavailable'] = null,
  ) {
    this.stage = new SupervisedFfmpeg({
      label: key,
      buildArgs: () => sourceArgs(url),
      tuning,
      ledger,
      unavailable,
    });
    this.stage.on('chunk', (data, flags) => {
      for (const listener of this.listeners) listener(data, flags);
      for (const observer of this.observers) observer(data, flags);
    });
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  subscribe(listener: ChunkListener): () => void {
    this.listeners.add(listener);
    this.stage.start();
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads every chunk while the session is open for someone else, without starting it or keeping
   * it open: the replay buffer must never be the reason a camera is streamed.
   */
  observe(listener: ChunkListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  stop(): Promise<void> {
    this.listeners.clear();
    this.observers.clear();
    return this.stage.stop();
  }
}
