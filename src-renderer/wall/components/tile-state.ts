import type { StreamReason, StreamStatus } from '../../../src-shared/contract';
import type { ConnectionState } from '../../shared/connection/core-connection';
import type { WatchRefusedReason } from '../../shared/connection/slot-router';

/**
 * What a tile shows; also its `data-state`, which e2e tests and CSS both key on. `stale`: a
 * picture is on screen but it is not live (the socket to the core is down, or nothing was decoded
 * lately): dimmed and labelled, never left looking live, never "connecting" over a bright frame.
 * `replay`: the tile shows its camera's past (instant replay), labelled with the picture's own time.
 */
export type TileState = 'empty' | 'connecting' | 'live' | 'stale' | 'error' | 'replay';

/**
 * How long after the last decoded picture a tile still counts as live: the lowest rate a tile
 * shows under load (a picture a second when starved), the half-second commit of the decode time
 * and the one-second clock of the overlay; short enough that a frozen picture is flagged before
 * an operator trusts it. A lost socket needs no delay: it marks every picture stale at once.
 */
export const LIVE_FRESHNESS_MS = 2_500;

/** Everything the tile state depends on, passed explicitly so the rule stays a pure function. */
export interface TileStateInput {
  cameraId: string | null;
  status: StreamStatus | undefined;
  /** Epoch ms of the last decoded picture, null if none yet. */
  lastDecodeAt: number | null;
  now: number;
  /** Set when the core refused to watch this camera. */
  refused?: WatchRefusedReason | null;
  /** The window's socket to the core: nothing on screen is live while it is not open. */
  connection?: ConnectionState;
  /** The tile replays the past (the core said so, or the pictures fed carry VIDEO_FLAG_REPLAY). */
  replaying?: boolean;
}

const FAILING_STATES: ReadonlySet<StreamStatus['state']> = new Set(['reconnecting', 'stalled']);

/**
 * Derives the tile state. Pure, so the rules operators rely on are unit-tested:
 * - without the socket, what the core said last is history: a picture is stale at once, and a
 *   tile without one is connecting (the stream statuses shown before the loss no longer hold);
 * - a replaying tile is `replay` (even paused, even with its camera down now): never live;
 * - error wins over a recent picture: a stream the core declares failing must never look live;
 * - live needs a picture decoded in the last LIVE_FRESHNESS_MS, not merely a `live` status,
 *   because the status says the relay runs, not that this window is showing it;
 * - an older picture is stale; with none yet (starting, idle, no status) the tile is connecting.
 */
export function deriveTileState(input: TileStateInput): TileState {
  if (input.cameraId === null) return 'empty';
  const picture = input.lastDecodeAt !== null;
  if (input.connection !== undefined && input.connection !== 'open') return picture ? 'stale' : 'connecting';
  if (input.refused) return 'error';
  // Before a stream's failure: what is on screen is the buffer's past, whatever the camera does now.
  if (input.replaying) return 'replay';
  const status = input.status;
  const failing = status !== undefined && FAILING_STATES.has(status.state);
  if (failing && status.reason !== null) return 'error';
  const fresh = picture && input.now - (input.lastDecodeAt ?? 0) <= LIVE_FRESHNESS_MS;
  if (fresh && !failing) return 'live';
  return picture ? 'stale' : 'connecting';
}

/** Whole seconds since the picture on a stale tile was decoded (what its label says). */
export function staleSeconds(input: TileStateInput): number | null {
  if (deriveTileState(input) !== 'stale' || input.lastDecodeAt === null) return null;
  return Math.max(0, Math.floor((input.now - input.lastDecodeAt) / 1000));
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
