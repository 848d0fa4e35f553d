import type { StreamReason, StreamStatus } from '../../../src-shared/contract';
import type { WatchRefusedReason } from '../../shared/connection/slot-router';

/** What a tile shows; also its `data-state`, which e2e tests and CSS both key on. */
export type TileState = 'empty' | 'connecting' | 'live' | 'error';

/**
 * How long after the last decoded picture a tile still counts as live. A few frames at the
 * lowest grid frame rate, long enough to ride out network jitter, short enough that a frozen
 * picture is flagged before an operator trusts it.
 */
export const LIVE_FRESHNESS_MS = 3_000;

/** Everything the tile state depends on, passed explicitly so the rule stays a pure function. */
export interface TileStateInput {
  cameraId: string | null;
  status: StreamStatus | undefined;
  /** Epoch ms of the last decoded picture, null if none yet. */
  lastDecodeAt: number | null;
  now: number;
  /** Set when the core refused to watch this camera. */
  refused?: WatchRefusedReason | null;
}

const FAILING_STATES: ReadonlySet<StreamStatus['state']> = new Set(['reconnecting', 'stalled']);

/**
 * Derives the tile state. Pure, so the rules operators rely on are unit-tested:
 * - error wins over a recent picture: a stream the core declares failing must never look live;
 * - live needs a picture decoded in the last LIVE_FRESHNESS_MS, not merely a `live` status,
 *   because the status says the relay runs, not that this window is showing it;
 * - everything else (starting, idle, no status yet) is connecting.
 */
export function deriveTileState(input: TileStateInput): TileState {
  if (input.cameraId === null) return 'empty';
  if (input.refused) return 'error';
  const status = input.status;
  const failing = status !== undefined && FAILING_STATES.has(status.state);
  if (failing && status.reason !== null) return 'error';
  const fresh = input.lastDecodeAt !== null && input.now - input.lastDecodeAt <= LIVE_FRESHNESS_MS;
  if (fresh && !failing) return 'live';
  return 'connecting';
}

/** Why a tile is in error, in terms the i18n table maps to French sentences. */
export type TileProblem =
  | { kind: 'stream'; reason: StreamReason; retryInSeconds: number | null }
  | { kind: 'refused'; reason: WatchRefusedReason };

/**
 * The problem to explain on an error tile, null otherwise. `retryInSeconds` counts down to the
 * core's next attempt (0 once it is due), or is null when the core gave no date.
 */
export function describeTileProblem(input: TileStateInput): TileProblem | null {
  if (deriveTileState(input) !== 'error') return null;
  if (input.refused) return { kind: 'refused', reason: input.refused };
  const status = input.status;
  if (!status || status.reason === null) return null;
  const retryInSeconds =
    status.nextAttemptAt === null ? null : Math.max(0, Math.ceil((status.nextAttemptAt - input.now) / 1000));
  return { kind: 'stream', reason: status.reason, retryInSeconds };
}
