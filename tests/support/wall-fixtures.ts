import { StreamStatusSchema, type CameraSummary, type StreamStatus } from '../../src-shared/contract';

/** What a camera summary says unless a test sets it. */
const SUMMARY_DEFAULTS = {
  commune: 'Vigieville',
  zone: 'Centre',
  kind: 'security',
  hasSubStream: false,
  demo: false,
} satisfies Partial<CameraSummary>;

/**
 * A camera as the welcome lists it to a window (id `cam-<number>` unless `extra` gives one): a
 * test, or the bench's replay server, names what it is about and the contract's fields are spelt
 * out once.
 */
export function cameraSummary(
  number: number,
  name: string,
  extra: Partial<CameraSummary> = {},
): CameraSummary {
  return { id: `cam-${number}`, number, name, ...SUMMARY_DEFAULTS, ...extra };
}

/**
 * A stream's status as a window receives it (live, one viewer, no fault, no retry pending unless
 * `extra` says otherwise), written once for the renderer tests and the bench's replay server.
 * It goes through the contract's schema, so it carries every field, defaults included, that a
 * parsed push would.
 */
export function streamStatus(cameraId: string, extra: Partial<StreamStatus> = {}): StreamStatus {
  return StreamStatusSchema.parse({
    cameraId,
    profile: 'grid',
    state: 'live',
    reason: null,
    detail: null,
    nextAttemptAt: null,
    restarts: 0,
    viewers: 1,
    fps: 12,
    kbps: 300,
    liveSince: 0,
    pid: null,
    ...extra,
  });
}
