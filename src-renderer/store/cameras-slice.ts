import type { CameraSummary, StreamProfile, StreamStatus } from '../../src-shared/contract';
import type { SliceCreator } from './store-types';

/** Key of a stream in `streamStatuses`: the core tracks one stream per camera and profile. */
export type StreamKey = `${string}:${StreamProfile}`;

/** Builds the status key, one place so the slice and the selectors cannot disagree. */
export function streamKey(cameraId: string, profile: StreamProfile): StreamKey {
  return `${cameraId}:${profile}`;
}

/** Camera catalogue and the latest status of every stream, both pushed by the core. */
export interface CamerasSlice {
  camerasById: Record<string, CameraSummary>;
  streamStatuses: Record<StreamKey, StreamStatus>;
  setCameras(cameras: readonly CameraSummary[]): void;
  /** Replaces every status (welcome: the core's full picture after a (re)connect). */
  replaceStreamStatuses(statuses: readonly StreamStatus[]): void;
  /** Applies one `stream-status` push. */
  upsertStreamStatus(status: StreamStatus): void;
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
