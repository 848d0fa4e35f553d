import type { CameraSummary, StreamProfile, StreamStatus } from '../../../src-shared/contract';
import { cameraDot, type CameraDot } from '../model/camera-list';
import { streamKey } from './cameras-slice';
import type { VigieState } from './store-types';

/*
 * Selectors return values already in the state (never fresh objects or arrays), so zustand's
 * equality check keeps components from re-rendering on unrelated pushes.
 */

/** The operator on duty (header), undefined until the core has said. */
export const selectOnDuty = (state: VigieState) => state.onDuty;
/** Socket state, for the header indicator and the lost-connection banner. */
export const selectConnectionState = (state: VigieState) => state.connectionState;
/** Why the last socket closed, so the banner can explain a shutdown or a version mismatch. */
export const selectLastCloseCode = (state: VigieState) => state.lastCloseCode;
/** Site-wide problems the core announced; each is a banner until fixed. */
export const selectSiteProblems = (state: VigieState) => state.problems;
/** Site name from the welcome: operators on shared screens must see which CSU this is. */
export const selectSiteName = (state: VigieState) => state.siteName;
/** Workstation name from the welcome, to tell screens of different desks apart. */
export const selectWorkstation = (state: VigieState) => state.workstation;
/** This window's display number, shown as "Écran N". */
export const selectDisplay = (state: VigieState) => state.display;
/** This display's wall state, null until `wall.state.get` answered. */
export const selectWall = (state: VigieState) => state.wall;
/** Metro IT's preset for this display (for "back to IT's layout"). */
export const selectPreset = (state: VigieState) => state.preset;
/** Why loading the wall failed, null when it did not. */
export const selectWallError = (state: VigieState) => state.wallError;
/** Selected tile index on the page on screen. */
export const selectSelected = (state: VigieState) => state.selected;
/** Maximised tile index on the page on screen. */
export const selectMaximised = (state: VigieState) => state.maximised;
/** Whether tiles show fps and kbit/s. */
export const selectShowInfo = (state: VigieState) => state.showInfo;
/** Whether the camera tree panel is open. */
export const selectShowTree = (state: VigieState) => state.showTree;
/** The open dialog, null when none. */
export const selectModal = (state: VigieState) => state.modal;
/** Digits typed so far on the keyboard. */
export const selectEntry = (state: VigieState) => state.entry;
/** Messages on screen. */
export const selectNotices = (state: VigieState) => state.notices;
/** Every camera the core announced, by id. */
export const selectCamerasById = (state: VigieState) => state.camerasById;
/** Every stream status, keyed by camera and profile. */
export const selectStreamStatuses = (state: VigieState) => state.streamStatuses;
/** Progress of the tour running in a slot (undefined when none). */
export const selectTourProgress = (slot: number) => (state: VigieState) => state.tourProgress[String(slot)];
/** The slot highlighted after receiving a spot camera. */
export const selectSpotFlash = (state: VigieState) => state.spotFlash;

/** A tile's instant replay (by wall slot), undefined while the tile is live. */
export const selectReplay = (slot: number) => (state: VigieState) => state.replays[String(slot)];
/** The replaying tile the evidence clip dialog cuts from. */
export const selectClipSlot = (state: VigieState) => state.clipSlot;

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

/** A camera's dot in the tree over both its streams: a string, so a row re-renders only on change. */
export const selectCameraDot =
  (cameraId: string) =>
  (state: VigieState): CameraDot =>
    // Without the socket, the last statuses are history: no dot may stay green on them.
    state.connectionState !== 'open'
      ? 'unknown'
      : cameraDot([
          state.streamStatuses[streamKey(cameraId, 'grid')],
          state.streamStatuses[streamKey(cameraId, 'full')],
        ]);
