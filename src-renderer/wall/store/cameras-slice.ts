import type { StreamProfile } from '../../../src-shared/contract';
import type { CamerasSlice, SliceCreator, StreamKey } from './store-types';

/** Builds the status key, one place so the slice and the selectors cannot disagree. */
export function streamKey(cameraId: string, profile: StreamProfile): StreamKey {
  return `${cameraId}:${profile}`;
}

/** Creates the cameras slice; entries are replaced, never mutated, so selectors stay cheap. */
export const createCamerasSlice: SliceCreator<CamerasSlice> = (set) => ({
  camerasById: {},
  streamStatuses: {},
  setCameras: (cameras) =>
    set({ camerasById: Object.fromEntries(cameras.map((camera) => [camera.id, camera])) }),
  replaceStreamStatuses: (statuses) =>
    set({
      streamStatuses: Object.fromEntries(
        statuses.map((status) => [streamKey(status.cameraId, status.profile), status]),
      ),
    }),
  upsertStreamStatus: (status) =>
    set((state) => ({
      streamStatuses: { ...state.streamStatuses, [streamKey(status.cameraId, status.profile)]: status },
    })),
});
