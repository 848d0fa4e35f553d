import type { CameraHealth, HealthReason, HealthState } from '../../../src-shared/contract';

/**
 * One camera's health as the probes decide it, without any timer or I/O, so the transition
 * rules read (and are tested) on their own:
 *
 * - one answered probe makes a camera `up` at once (back within one probe interval);
 * - one failed probe is not enough: the service probes again after a short retry delay, and the
 *   camera goes `down` after `failuresToDown` failures in a row, dated from the first of them
 *   (a camera that drops one answer on a busy network is not reported down);
 * - while down, a different failure updates the reason, not the date.
 */

export interface ProbeVerdict {
  ok: boolean;
  reason: Exclude<HealthReason, 'unavailable'> | null;
  status: number | null;
  stream: 'main' | 'sub' | null;
  detail: string;
  /** When the probe started (ms). */
  startedAt: number;
  /** When it answered or gave up (ms). */
  endedAt: number;
}

export interface Transition {
  from: HealthState;
  to: HealthState;
  at: number;
  reason: HealthReason | null;
}

export class CameraHealthTracker {
  private state: HealthState = 'unknown';
  private since: number;
  private reason: HealthReason | null = null;
  private status: number | null = null;
  private stream: 'main' | 'sub' | null = null;
  private checkedAt: number | null = null;
  private failures = 0;
  private firstFailureAt = 0;

  constructor(
    readonly cameraId: string,
    readonly number: number,
    readonly name: string,
    private readonly failuresToDown: number,
    startedAt: number,
    /** Set for a camera that cannot be probed at all (its demo fleet did not start). */
    unavailable = false,
  ) {
    this.since = startedAt;
    if (unavailable) this.reason = 'unavailable';
  }

  get current(): HealthState {
    return this.state;
  }

  /** True after a failure that has not yet made the camera down: probe again soon. */
  get suspect(): boolean {
    return this.failures > 0 && this.state !== 'down';
  }

  /** Applies one probe's verdict; answers the transition it caused, or null. */
  apply(verdict: ProbeVerdict): Transition | null {
    this.checkedAt = verdict.endedAt;
    if (verdict.ok) {
      this.failures = 0;
      this.status = verdict.status;
      if (this.state === 'up') return null;
      return this.enter('up', verdict.endedAt, null, null);
    }
    this.failures += 1;
    if (this.failures === 1) this.firstFailureAt = verdict.startedAt;
    this.status = verdict.status;
    if (this.state === 'down') {
      this.reason = verdict.reason;
      this.stream = verdict.stream;
      return null;
    }
    if (this.failures < this.failuresToDown) return null;
    return this.enter('down', this.firstFailureAt, verdict.reason, verdict.stream);
  }

  snapshot(): CameraHealth {
    return {
      cameraId: this.cameraId,
      number: this.number,
      name: this.name,
      state: this.state,
      since: new Date(this.since).toISOString(),
      reason: this.reason,
      status: this.state === 'up' ? null : this.status,
      stream: this.stream,
      checkedAt: this.checkedAt === null ? null : new Date(this.checkedAt).toISOString(),
    };
  }

  private enter(
    to: HealthState,
    at: number,
    reason: HealthReason | null,
    stream: 'main' | 'sub' | null,
  ): Transition {
    const from = this.state;
    this.state = to;
    this.since = at;
    this.reason = reason;
    this.stream = stream;
    return { from, to, at, reason };
  }
}
