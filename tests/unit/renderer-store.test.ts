import { describe, expect, it } from 'vitest';
import type { CameraSummary, StreamStatus } from '../../src-shared/contract';
import type { WelcomeMessage } from '../../src-renderer/connection/core-connection';
import { streamKey } from '../../src-renderer/store/cameras-slice';
import {
  selectCamera,
  selectConnectionState,
  selectDisplay,
  selectLastCloseCode,
  selectLayout,
  selectSiteName,
  selectStreamStatus,
  selectWallError,
  selectWorkstation,
} from '../../src-renderer/store/selectors';
import { createVigieStore } from '../../src-renderer/store/vigie-store';

function camera(id: string, number: number, name: string): CameraSummary {
  return {
    id,
    number,
    name,
    commune: 'Nice',
    zone: 'Centre',
    kind: 'security',
    hasSubStream: true,
    demo: true,
  };
}

function status(cameraId: string, overrides: Partial<StreamStatus> = {}): StreamStatus {
  return {
    cameraId,
    profile: 'grid',
    state: 'live',
    reason: null,
    detail: null,
    nextAttemptAt: null,
    restarts: 0,
    viewers: 1,
    fps: 12,
    kbps: 400,
    liveSince: 1_000,
    pid: 42,
    ...overrides,
  };
}

function welcome(): WelcomeMessage {
  return {
    type: 'welcome',
    protocol: 1,
    siteName: 'CSU Nice',
    workstation: 'poste-3',
    cameras: [camera('cam-12', 12, 'Place Masséna'), camera('cam-7', 7, 'Promenade')],
    streams: [status('cam-12'), status('cam-7', { profile: 'full', state: 'starting' })],
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
  const layout = { columns: 2, rows: 2, tiles: ['cam-12', null, 'cam-7'] };

  it('uses the display given at creation', () => {
    expect(selectDisplay(createVigieStore({ display: 3 }).getState())).toBe(3);
    expect(selectDisplay(createVigieStore().getState())).toBe(1);
  });

  it('stores the layout for its own display and clears a previous error', () => {
    const store = createVigieStore({ display: 2 });
    store.getState().setWallError('boom');
    store.getState().setWall({ display: 2, layout });
    expect(selectLayout(store.getState())).toEqual(layout);
    expect(selectWallError(store.getState())).toBeNull();
  });

  it("ignores another display's wall", () => {
    const store = createVigieStore({ display: 2 });
    store.getState().setWall({ display: 1, layout });
    expect(selectLayout(store.getState())).toBeNull();
  });

  it('forgets the layout when the display changes', () => {
    const store = createVigieStore({ display: 1 });
    store.getState().setWall({ display: 1, layout });
    store.getState().setDisplay(1);
    expect(selectLayout(store.getState())).toEqual(layout);
    store.getState().setDisplay(2);
    expect(selectLayout(store.getState())).toBeNull();
  });
});
