import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  gridWallState,
  type CameraSummary,
  type StreamStatus,
} from '../../../../src-shared/contract';
import type { WelcomeMessage } from '../../../../src-renderer/shared/connection/core-connection';
import { streamKey } from '../../../../src-renderer/wall/store/cameras-slice';
import {
  selectCamera,
  selectConnectionState,
  selectDisplay,
  selectLastCloseCode,
  selectSiteName,
  selectStreamStatus,
  selectWall,
  selectWallError,
  selectWorkstation,
} from '../../../../src-renderer/wall/store/selectors';
import { createVigieStore } from '../../../../src-renderer/wall/store/vigie-store';
import { cameraSummary, streamStatus } from '../../../support/wall-fixtures';

function camera(id: string, number: number, name: string): CameraSummary {
  return cameraSummary(number, name, { id, commune: 'Nice', hasSubStream: true, demo: true });
}

function status(cameraId: string, overrides: Partial<StreamStatus> = {}): StreamStatus {
  return streamStatus(cameraId, { kbps: 400, liveSince: 1_000, pid: 42, ...overrides });
}

function welcome(): WelcomeMessage {
  return {
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    siteName: 'CSU Nice',
    workstation: 'poste-3',
    cameras: [camera('cam-12', 12, 'Place Masséna'), camera('cam-7', 7, 'Promenade')],
    streams: [status('cam-12'), status('cam-7', { profile: 'full', state: 'starting' })],
    problems: [],
  };
}

describe('connection slice', () => {
  it('starts connecting, with no identity', () => {
    const store = createVigieStore();
    expect(selectConnectionState(store.getState())).toBe('connecting');
    expect(selectSiteName(store.getState())).toBe('');
    expect(selectLastCloseCode(store.getState())).toBeNull();
  });

  it('remembers the close code while lost and clears it once open again', () => {
    const store = createVigieStore();
    store.getState().setConnectionState('lost', 4001);
    expect(selectConnectionState(store.getState())).toBe('lost');
    expect(selectLastCloseCode(store.getState())).toBe(4001);
    store.getState().setConnectionState('connecting');
    expect(selectLastCloseCode(store.getState())).toBe(4001);
    store.getState().setConnectionState('open');
    expect(selectLastCloseCode(store.getState())).toBeNull();
  });

  it('applies a welcome to the identity and the cameras slice', () => {
    const store = createVigieStore();
    store.getState().receiveWelcome(welcome());
    const state = store.getState();
    expect(selectSiteName(state)).toBe('CSU Nice');
    expect(selectWorkstation(state)).toBe('poste-3');
    expect(selectCamera('cam-12')(state)?.name).toBe('Place Masséna');
    expect(selectStreamStatus('cam-12', 'grid')(state)?.state).toBe('live');
    expect(selectStreamStatus('cam-7', 'full')(state)?.state).toBe('starting');
    expect(selectStreamStatus('cam-7', 'grid')(state)).toBeUndefined();
  });
});

describe('cameras slice', () => {
  it('keys stream statuses by camera and profile', () => {
    expect(streamKey('cam-1', 'grid')).toBe('cam-1:grid');
  });

  it('upserts one status without touching the others', () => {
    const store = createVigieStore();
    store.getState().replaceStreamStatuses([status('a'), status('b')]);
    const before = store.getState().streamStatuses['b:grid'];
    store.getState().upsertStreamStatus(status('a', { state: 'reconnecting', reason: 'unreachable' }));
    const state = store.getState();
    expect(selectStreamStatus('a', 'grid')(state)?.reason).toBe('unreachable');
    expect(state.streamStatuses['b:grid']).toBe(before);
  });

  it('keeps the live transport when the other one of the same camera and profile stops', () => {
    const store = createVigieStore();
    // A tile fell back to MPEG-1 while the passthrough stream it left is retired.
    store.getState().upsertStreamStatus(status('a', { transport: 'h264' }));
    store.getState().upsertStreamStatus(status('a', { transport: 'mpeg1' }));
    store.getState().upsertStreamStatus(status('a', { transport: 'h264', state: 'idle' }));
    expect(selectStreamStatus('a', 'grid')(store.getState())).toMatchObject({
      transport: 'mpeg1',
      state: 'live',
    });
    // The same transport's own news always replaces it, and a welcome applies the same rule.
    store.getState().upsertStreamStatus(status('a', { transport: 'mpeg1', state: 'stalled' }));
    expect(selectStreamStatus('a', 'grid')(store.getState())?.state).toBe('stalled');
    store
      .getState()
      .replaceStreamStatuses([
        status('b', { transport: 'mpeg1' }),
        status('b', { transport: 'h264', state: 'idle' }),
      ]);
    expect(selectStreamStatus('b', 'grid')(store.getState())?.transport).toBe('mpeg1');
  });

  it('replaces all statuses on a new welcome, dropping streams the core forgot', () => {
    const store = createVigieStore();
    store.getState().replaceStreamStatuses([status('a'), status('b')]);
    store.getState().replaceStreamStatuses([status('b')]);
    expect(Object.keys(store.getState().streamStatuses)).toEqual(['b:grid']);
  });

  it('returns undefined for unknown or empty cameras', () => {
    const store = createVigieStore();
    store.getState().setCameras([camera('x', 1, 'X')]);
    expect(selectCamera('y')(store.getState())).toBeUndefined();
    expect(selectCamera(null)(store.getState())).toBeUndefined();
    expect(selectStreamStatus(null, 'grid')(store.getState())).toBeUndefined();
  });

  it('selectors return the same reference while the state is unchanged', () => {
    const store = createVigieStore();
    store.getState().receiveWelcome(welcome());
    const select = selectStreamStatus('cam-12', 'grid');
    const first = select(store.getState());
    store.getState().setConnectionState('open');
    expect(select(store.getState())).toBe(first);
  });
});

describe('wall slice', () => {
  const state = gridWallState(2, 2, ['cam-12', null, 'cam-7']);
  const preset = gridWallState(1, 1, ['cam-7']);

  it('uses the display given at creation', () => {
    expect(selectDisplay(createVigieStore({ display: 3 }).getState())).toBe(3);
    expect(selectDisplay(createVigieStore().getState())).toBe(1);
  });

  it('stores the wall for its own display, clean, and clears a previous error', () => {
    const store = createVigieStore({ display: 2 });
    store.getState().setWallError('boom');
    store.getState().loadWall({ display: 2, state, preset });
    expect(selectWall(store.getState())).toEqual(state);
    expect(store.getState().preset).toEqual(preset);
    expect(store.getState().wallDirty).toBe(false);
    expect(selectWallError(store.getState())).toBeNull();
  });

  it("ignores another display's wall", () => {
    const store = createVigieStore({ display: 2 });
    store.getState().loadWall({ display: 1, state, preset });
    expect(selectWall(store.getState())).toBeNull();
  });

  it('forgets the wall when the display changes', () => {
    const store = createVigieStore({ display: 1 });
    store.getState().loadWall({ display: 1, state, preset });
    store.getState().setDisplay(1);
    expect(selectWall(store.getState())).toEqual(state);
    store.getState().setDisplay(2);
    expect(selectWall(store.getState())).toBeNull();
  });

  it('marks operator changes dirty until the core stored that very state', () => {
    const store = createVigieStore({ display: 1 });
    store.getState().loadWall({ display: 1, state, preset });
    store.getState().assignSlot(1, 'cam-9');
    const changed = store.getState().wall;
    expect(changed?.assignments).toEqual(['cam-12', 'cam-9', 'cam-7']);
    expect(store.getState().wallDirty).toBe(true);
    store.getState().turnPage(1);
    store.getState().markSaved(changed!);
    expect(store.getState().wallDirty).toBe(true);
    store.getState().markSaved(store.getState().wall!);
    expect(store.getState().wallDirty).toBe(false);
  });

  it('puts a spot camera in the spot tile of the page on screen and flashes it', () => {
    const store = createVigieStore({ display: 2 });
    store.getState().loadWall({ display: 2, state: { ...state, page: 1, spotTile: 2 }, preset });
    const slot = store.getState().receiveSpot('cam-1');
    expect(slot).toBe(6);
    expect(store.getState().wall?.assignments[6]).toBe('cam-1');
  });

  it('pauses the tour of the selected tile and resumes it when the selection moves', () => {
    const store = createVigieStore({ display: 1 });
    const tour = {
      id: 't',
      name: 'Centre',
      steps: [
        { cameraId: 'a', dwellSeconds: 5 },
        { cameraId: 'b', dwellSeconds: 5 },
      ],
    };
    store
      .getState()
      .loadWall({ display: 1, state: { ...state, tours: [tour], tileTours: { '3': 't' } }, preset });
    store.getState().tick(1_000);
    expect(store.getState().tourProgress['3']?.pausedAt).toBeNull();
    store.getState().select(3);
    expect(store.getState().tourProgress['3']?.pausedAt).not.toBeNull();
    store.getState().select(0);
    expect(store.getState().tourProgress['3']?.pausedAt).toBeNull();
  });
});
