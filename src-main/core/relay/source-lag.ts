/** MPEG-TS timestamps count at 90 kHz and wrap at 2^33. */
const PTS_HZ = 90;
const PTS_WRAP = 2 ** 33;

/**
 * How far the baseline may creep up per second of wall time (ms/s, i.e. 200 ppm): a camera whose
 * clock runs slow against the workstation's looks like a slowly growing lag, and no camera clock
 * is that far off; a core or ffmpeg falling behind grows far faster and stays visible.
 */
export const BASELINE_CREEP_MS_PER_S = 0.2;

/** A timestamp jump larger than this is a new timeline (restart, camera reboot), not lag. */
const DISCONTINUITY_MS = 10_000;

/**
 * How far a stream's pictures come out of the relay behind the camera's own timeline: for each
 * picture, the wall-clock time it leaves ffmpeg minus its timestamp (which the camera set, and
 * ffmpeg carries through both stages). The smallest such offset seen is the stream at its most
 * prompt; the lag is how much later than that the current picture is. A core that cannot keep
 * up (CPU starved, ffmpeg decoding slower than real time) shows up here even though every frame
 * is sent the instant it is produced, which the window's delay, counted from the core's send,
 * can never see.
 */
export class SourceLag {
  private baseline: number | null = null;
  private baselineAt = 0;
  private lastPts: number | null = null;
  private unwrapped = 0;
  /** The current lag, ms (0 until a timeline is known). */
  lagMs = 0;

  /** A picture stamped `pts` (90 kHz) left ffmpeg at wall time `nowMs`. */
  sample(nowMs: number, pts: number): void {
    if (this.lastPts !== null) {
      let delta = pts - this.lastPts;
      if (delta < -PTS_WRAP / 2) delta += PTS_WRAP;
      if (Math.abs(delta) / PTS_HZ > DISCONTINUITY_MS) {
        this.reset();
        this.sample(nowMs, pts);
        return;
      }
      this.unwrapped += delta;
    } else {
      this.unwrapped = pts;
    }
    this.lastPts = pts;
    const offset = nowMs - this.unwrapped / PTS_HZ;
    if (this.baseline === null || offset < this.baseline) {
      this.baseline = offset;
    } else {
      const creep = ((nowMs - this.baselineAt) / 1000) * BASELINE_CREEP_MS_PER_S;
      this.baseline = Math.min(offset, this.baseline + creep);
    }
    this.baselineAt = nowMs;
    this.lagMs = Math.max(0, Math.round(offset - this.baseline));
  }

  /** A new process, a new timeline: forget the old one. */
  reset(): void {
    this.baseline = null;
    this.lastPts = null;
    this.unwrapped = 0;
    this.lagMs = 0;
  }
}
