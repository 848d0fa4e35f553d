import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../../src-shared/contract';
import {
  LIVE_FRESHNESS_MS,
  deriveTileState,
  describeTileProblem,
  staleSeconds,
  type TileStateInput,
} from '../../../../src-renderer/wall/components/tile-state';
import { streamStatus } from '../../../support/wall-fixtures';

const NOW = 1_700_000_000_000;

function status(overrides: Partial<StreamStatus> = {}): StreamStatus {
  return streamStatus('cam-1', { liveSince: NOW - 60_000, pid: 1234, ...overrides });
}

function input(overrides: Partial<TileStateInput> = {}): TileStateInput {
  return {
    cameraId: 'cam-1',
    status: status(),
    lastDecodeAt: NOW - 100,
    now: NOW,
    refused: null,
    ...overrides,
  };
}

describe('deriveTileState', () => {
  it('is empty without a camera, whatever else is known', () => {
    expect(deriveTileState(input({ cameraId: null }))).toBe('empty');
    expect(deriveTileState(input({ cameraId: null, refused: 'unknown-camera' }))).toBe('empty');
  });

  it('is live when a picture was decoded recently and the stream is not failing', () => {
    expect(deriveTileState(input())).toBe('live');
    expect(deriveTileState(input({ lastDecodeAt: NOW - LIVE_FRESHNESS_MS }))).toBe('live');
    // Status not received yet, but pictures are flowing: trust the pictures.
    expect(deriveTileState(input({ status: undefined }))).toBe('live');
    expect(deriveTileState(input({ status: status({ state: 'starting' }) }))).toBe('live');
  });

  it('is connecting when no picture was decoded, stale when the last one is old', () => {
    expect(deriveTileState(input({ lastDecodeAt: null }))).toBe('connecting');
    expect(deriveTileState(input({ lastDecodeAt: NOW - LIVE_FRESHNESS_MS - 1 }))).toBe('stale');
    expect(staleSeconds(input({ lastDecodeAt: NOW - 7_400 }))).toBe(7);
    expect(staleSeconds(input())).toBeNull();
    expect(deriveTileState(input({ lastDecodeAt: null, status: undefined }))).toBe('connecting');
    expect(deriveTileState(input({ lastDecodeAt: null, status: status({ state: 'idle' }) }))).toBe(
      'connecting',
    );
  });

  it('is error when the stream reconnects or stalls with a reason, even with a fresh picture', () => {
    for (const state of ['reconnecting', 'stalled'] as const) {
      expect(deriveTileState(input({ status: status({ state, reason: 'unreachable' }) }))).toBe('error');
      expect(
        deriveTileState(input({ lastDecodeAt: null, status: status({ state, reason: 'stalled' }) })),
      ).toBe('error');
    }
  });

  it('is never live when the stream is failing without a reason yet: stale over a picture', () => {
    expect(deriveTileState(input({ status: status({ state: 'reconnecting', reason: null }) }))).toBe('stale');
    expect(deriveTileState(input({ status: status({ state: 'stalled', reason: null }) }))).toBe('stale');
    expect(
      deriveTileState(input({ lastDecodeAt: null, status: status({ state: 'stalled', reason: null }) })),
    ).toBe('connecting');
  });

  it('follows the socket: a picture is stale at once without it, whatever the core said last', () => {
    for (const connection of ['lost', 'connecting'] as const) {
      expect(deriveTileState(input({ connection }))).toBe('stale');
      expect(staleSeconds(input({ connection }))).toBe(0);
      expect(deriveTileState(input({ connection, lastDecodeAt: null }))).toBe('connecting');
      // An error reported before the loss is history too.
      expect(
        deriveTileState(input({ connection, status: status({ state: 'stalled', reason: 'stalled' }) })),
      ).toBe('stale');
    }
    expect(deriveTileState(input({ connection: 'open' }))).toBe('live');
  });

  it('ignores a stale reason once the stream is starting or live again', () => {
    expect(
      deriveTileState(
        input({ lastDecodeAt: null, status: status({ state: 'starting', reason: 'crashed' }) }),
      ),
    ).toBe('connecting');
    expect(deriveTileState(input({ status: status({ state: 'live', reason: 'crashed' }) }))).toBe('live');
  });

  it('is replay while the tile replays, paused or with its camera down now, never live', () => {
    expect(deriveTileState(input({ replaying: true }))).toBe('replay');
    expect(deriveTileState(input({ replaying: true, lastDecodeAt: NOW - 60_000 }))).toBe('replay');
    expect(
      deriveTileState(input({ replaying: true, status: status({ state: 'stalled', reason: 'stalled' }) })),
    ).toBe('replay');
    // Without the socket the core ended the replay: the picture is stale.
    expect(deriveTileState(input({ replaying: true, connection: 'lost' }))).toBe('stale');
  });

  it('is error when the core refused the watch', () => {
    expect(deriveTileState(input({ refused: 'unknown-camera', status: undefined, lastDecodeAt: null }))).toBe(
      'error',
    );
  });
});

describe('describeTileProblem', () => {
  it('is null unless the tile is in error', () => {
    expect(describeTileProblem(input())).toBeNull();
    expect(describeTileProblem(input({ lastDecodeAt: null }))).toBeNull();
    expect(describeTileProblem(input({ cameraId: null }))).toBeNull();
  });

  it('gives the stream reason and a countdown rounded up to the second', () => {
    const problem = describeTileProblem(
      input({ status: status({ state: 'reconnecting', reason: 'not-found', nextAttemptAt: NOW + 4_200 }) }),
    );
    expect(problem).toEqual({ kind: 'stream', reason: 'not-found', retryInSeconds: 5 });
  });

  it('never counts below zero and omits the countdown without a date', () => {
    expect(
      describeTileProblem(
        input({ status: status({ state: 'reconnecting', reason: 'credentials', nextAttemptAt: NOW - 500 }) }),
      ),
    ).toEqual({ kind: 'stream', reason: 'credentials', retryInSeconds: 0 });
    expect(describeTileProblem(input({ status: status({ state: 'stalled', reason: 'stalled' }) }))).toEqual({
      kind: 'stream',
      reason: 'stalled',
      retryInSeconds: null,
    });
  });

  it('reports a refused watch', () => {
    expect(describeTileProblem(input({ refused: 'unknown-camera' }))).toEqual({
      kind: 'refused',
      reason: 'unknown-camera',
    });
  });
});
