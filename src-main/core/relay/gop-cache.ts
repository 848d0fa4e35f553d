import { VIDEO_FLAG_KEYFRAME, VIDEO_FLAG_RESET } from '../../../src-shared/contract';

/**
 * A stream's pictures since its last keyframe, and the rule for what it forwards: nothing
 * before a (re)start's first keyframe, and that keyframe flagged VIDEO_FLAG_RESET so consumers
 * reset their decoder. One piece for every stage that fans pictures out — ffmpeg's output
 * (supervised-ffmpeg.ts) and the camera's own access units (passthrough-stream.ts) — so a new
 * viewer always starts at a keyframe and a restart is always said, whatever the transport.
 *
 * Bounded: past `maxBytes` (a camera with a huge GOP) later chunks are forwarded but not kept.
 */
export class GopCache {
  private kept: Buffer[] = [];
  private bytes = 0;
  private pendingReset = true;

  constructor(private readonly maxBytes: number) {}

  /** The chunks since the last keyframe, first one a keyframe. */
  get chunks(): readonly Buffer[] {
    return this.kept;
  }

  /** True until the first keyframe after a restart. */
  get waitingForKeyframe(): boolean {
    return this.pendingReset;
  }

  /** A new timeline begins: forget the cache and wait for a keyframe, which will say RESET. */
  restart(): void {
    this.clear();
    this.pendingReset = true;
  }

  /** Forgets the cache only (the producer ended; its next start calls restart()). */
  clear(): void {
    this.kept = [];
    this.bytes = 0;
  }

  /** Takes one chunk; returns its flags to forward it with, or null when it must be dropped. */
  accept(data: Buffer, keyframe: boolean): number | null {
    if (this.pendingReset && !keyframe) return null;
    if (keyframe) this.clear();
    if (this.bytes + data.length <= this.maxBytes) {
      this.kept.push(data);
      this.bytes += data.length;
    }
    let flags = keyframe ? VIDEO_FLAG_KEYFRAME : 0;
    if (this.pendingReset) {
      flags |= VIDEO_FLAG_RESET;
      this.pendingReset = false;
    }
    return flags;
  }
}
