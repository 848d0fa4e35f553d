import type { CameraSummary, StreamProfile, StreamStatus } from '../../src-shared/contract';
import { streamKey } from './cameras-slice';
import type { VigieState } from './store-types';

/*
 * Selectors return values already in the state (never fresh objects or arrays), so zustand's
 * equality check keeps components from re-rendering on unrelated pushes.
 */

/** Socket state, for the header indicator and the lost-connection banner. */
export const selectConnectionState = (state: VigieState) => state.connectionState;
/** Why the last socket closed, so the banner can explain a shutdown or a version mismatch. */
export const selectLastCloseCode = (state: VigieState) => state.lastCloseCode;
/** Site name from the welcome: operators on shared screens must see which CSU this is. */
export const selectSiteName = (state: VigieState) => state.siteName;
/** Workstation name from the welcome, to tell screens of different desks apart. */
export const selectWorkstation = (state: VigieState) => state.workstation;
/** This window's display number, shown as "Écran N". */
export const selectDisplay = (state: VigieState) => state.display;
/** The wall layout, null until `wall.get` answered. */
export const selectLayout = (state: VigieState) => state.layout;
/** Why `wall.get` failed, null when it did not. */
export const selectWallError = (state: VigieState) => state.wallError;

/** The camera's summary, or undefined when the core did not announce it. */
export const selectCamera =
  (cameraId: string | null) =>
  (state: VigieState): CameraSummary | undefined =>
    cameraId === null ? undefined : state.camerasById[cameraId];

/** The latest status of one camera's stream in one profile. */
export const selectStreamStatus =
  (cameraId: string | null, profile: StreamProfile) =>
  (state: VigieState): StreamStatus | undefined =>
    cameraId === null ? undefined : state.streamStatuses[streamKey(cameraId, profile)];
