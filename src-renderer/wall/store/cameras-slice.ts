import type { StreamProfile, StreamStatus } from '../../../src-shared/contract';
import type { CamerasSlice, SliceCreator, StreamKey } from './store-types';

/** Builds the status key, one place so the slice and the selectors cannot disagree. */
export function streamKey(cameraId: string, profile: StreamProfile): StreamKey {
  return `${cameraId}:${profile}`;
}

/**
 * Whether `incoming` should replace the status held for its camera and profile. The core may run
 * one camera × profile twice, passed through for some tiles and transcoded for a tile that fell
 * back to MPEG-1; the one that stopped must not hide the one still live.
 */
export function supersedes(incoming: StreamStatus, held: StreamStatus | undefined): boolean {
  if (!held || held.transport === incoming.transport) return true;
  return incoming.state !== 'idle' || held.state === 'idle';
}

/** Creates the cameras slice; entries are replaced, never mutated, so selectors stay cheap. */
export const createCamerasSlice: SliceCreator<CamerasSlice> = (set) => ({
  camerasById: {},
  streamStatuses: {},
  setCameras: (cameras) =>
    set({ camerasById: Object.fromEntries(cameras.map((camera) => [camera.id, camera])) }),
  replaceStreamStatuses: (statuses) => {
    const byKey: Record<StreamKey, StreamStatus> = {};
    for (const status of statuses) {
      const key = streamKey(status.cameraId, status.profile);
      if (supersedes(status, byKey[key])) byKey[key] = status;
    }
    set({ streamStatuses: byKey });
  },
  upsertStreamStatus: (status) =>
    set((state) => {
      const key = streamKey(status.cameraId, status.profile);
      if (!supersedes(status, state.streamStatuses[key])) return {};
      return { streamStatuses: { ...state.streamStatuses, [key]: status } };
    }),
});
