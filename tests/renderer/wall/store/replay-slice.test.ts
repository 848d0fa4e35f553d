import { describe, expect, it } from 'vitest';
import { gridWallState, type ReplayStatus } from '../../../../src-shared/contract';
import { selectClipSlot, selectReplay } from '../../../../src-renderer/wall/store/selectors';
import { createVigieStore } from '../../../../src-renderer/wall/store/vigie-store';
import { cameraSummary } from '../../../support/wall-fixtures';

function status(state: ReplayStatus['state'], overrides: Partial<ReplayStatus> = {}): ReplayStatus {
  return {
    slot: 7,
    cameraId: 'cam-12',
    state,
    reason: null,
    pictureAt: state === 'live' || state === 'refused' ? null : 1_000_000,
    speed: 1,
    bufferFrom: 900_000,
    bufferTo: 1_010_000,
    ...overrides,
  };
}

function store() {
  const s = createVigieStore({ display: 1 });
  s.getState().setCameras([cameraSummary(12, 'Place Masséna', { id: 'cam-12' })]);
  const wall = gridWallState(2, 2, []);
  s.getState().loadWall({ display: 1, state: wall, preset: wall });
  return s;
}

describe('replay slice', () => {
  it('keeps a tile’s replay by wall slot from starting to live, then says it is live again', () => {
    const s = store();
    s.getState().receiveReplayStatus(2, status('starting', { pictureAt: null }));
    expect(selectReplay(2)(s.getState())?.state).toBe('starting');
    expect(selectReplay(7)(s.getState())).toBeUndefined();
    s.getState().receiveReplayStatus(2, status('playing', { speed: 2 }));
    expect(selectReplay(2)(s.getState())).toEqual({
      cameraId: 'cam-12',
      state: 'playing',
      pictureAt: 1_000_000,
      speed: 2,
      bufferFrom: 900_000,
      bufferTo: 1_010_000,
    });
    s.getState().receiveReplayStatus(2, status('live'));
    expect(selectReplay(2)(s.getState())).toBeUndefined();
    expect(s.getState().notices.map((n) => [n.key, n.params.number])).toEqual([['replayLive', 12]]);
  });

  it('says each refusal in its own notice and records no replay', () => {
    const s = store();
    for (const reason of ['not-watching', 'no-buffer', 'unavailable'] as const)
      s.getState().receiveReplayStatus(1, status('refused', { reason }));
    expect(selectReplay(1)(s.getState())).toBeUndefined();
    expect(s.getState().notices.map((n) => [n.key, n.tone])).toEqual([
      ['replayNotWatching', 'error'],
      ['replayNoBuffer', 'error'],
      ['replayUnavailable', 'error'],
    ]);
  });

  it('ends a replay with its watch, and every replay with the socket, closing the clip dialog', () => {
    const s = store();
    s.getState().receiveReplayStatus(1, status('playing'));
    s.getState().receiveReplayStatus(3, status('paused'));
    s.getState().openClip(3);
    expect(selectClipSlot(s.getState())).toBe(3);
    expect(s.getState().modal).toBe('clip');
    s.getState().endReplay(1);
    expect(selectReplay(1)(s.getState())).toBeUndefined();
    expect(s.getState().modal).toBe('clip');
    s.getState().setConnectionState('lost', 1006);
    expect(s.getState().replays).toEqual({});
    expect(selectClipSlot(s.getState())).toBeNull();
    expect(s.getState().modal).toBeNull();
    // A live tile has no clip to cut.
    s.getState().openClip(2);
    expect(s.getState().modal).toBeNull();
  });
});
