import type { StateCreator } from 'zustand/vanilla';
import type {
  CameraSummary,
  SiteProblem,
  StreamProfile,
  StreamStatus,
  Tour,
  WallLayout,
  WallState,
  OperatorSummary,
  ReplaySpeed,
  ReplayStatus,
} from '../../../src-shared/contract';
import type { ConnectionState, WelcomeMessage } from '../../shared/connection/core-connection';
import type { TourProgress } from '../model/tour-scheduler';
import type { WallResources } from '../wall-i18n';

/*
 * Every slice's shape is declared here, and each *-slice.ts file only implements its own: the
 * slices read one another through `get`, so their types must not import one another's files
 * (which made type-only import cycles through this file).
 */

/** Socket state and who we are talking to, as announced by the core's welcome. */
export interface ConnectionSlice {
  connectionState: ConnectionState;
  /** Close code of the last lost socket, to explain why (shutdown, protocol, slow consumer). */
  lastCloseCode: number | null;
  siteName: string;
  workstation: string;
  /** Site-wide problems from the last welcome (e.g. the demo fleet could not start). */
  problems: readonly SiteProblem[];
  /** The operator on duty at the workstation (undefined until the core has said). */
  onDuty: OperatorSummary | null | undefined;
  setConnectionState(state: ConnectionState, closeCode?: number | null): void;
  /**
   * The operator on duty as the core answered `session.status`; a change from one operator to
   * another (or to nobody) is also said as a notice, so the outgoing operator sees it.
   */
  setOnDuty(operator: OperatorSummary | null): void;
  /** Applies a welcome: identity here, cameras and stream statuses in the cameras slice. */
  receiveWelcome(welcome: WelcomeMessage): void;
}

/** Key of a stream in `streamStatuses`: the core tracks one stream per camera and profile. */
export type StreamKey = `${string}:${StreamProfile}`;

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

/** Dialogs over the wall; only one at a time, and the wall's keys pause while one is open. */
export type Modal = 'help' | 'tours' | 'layout' | 'reset' | 'clip';

/** A short message for the operator, by i18n key so it is always French. */
export interface Notice {
  id: number;
  key: keyof WallResources['notices'];
  params: Record<string, string | number>;
  tone: 'info' | 'error';
  at: number;
}

/**
 * What this window shows right now, as opposed to what is saved: selection, maximised tile,
 * panels, the number being typed, messages, and the progress of running tours. None of it is
 * persisted; a restart starts with nothing selected and tours at their first step.
 */
export interface ViewSlice {
  /** Selected tile index on the page on screen. */
  selected: number | null;
  /** Maximised tile index on the page on screen. */
  maximised: number | null;
  showInfo: boolean;
  showTree: boolean;
  modal: Modal | null;
  /** Digits typed on the CCTV-style keyboard. */
  entry: string;
  notices: Notice[];
  tourProgress: Record<string, TourProgress>;
  /** Slot that just received a spot camera, highlighted for SPOT_FLASH_MS. */
  spotFlash: { slot: number; until: number } | null;
  select: (index: number | null) => void;
  maximise: (index: number) => void;
  restore: () => void;
  toggleInfo: () => void;
  toggleTree: () => void;
  openModal: (modal: Modal | null) => void;
  setEntry: (entry: string) => void;
  notify: (key: Notice['key'], params?: Notice['params'], tone?: Notice['tone']) => void;
  dismissNotice: (id: number) => void;
  flashSpot: (slot: number, now: number) => void;
  /** Advances tours, pausing the one in the selected tile; prunes expired notices and flashes. */
  tick: (now: number) => void;
  /** Clears selection and maximise (new layout, new wall). */
  resetView: () => void;
  /** The absolute slot of the selected tile, null when none. */
  selectedSlot: () => number | null;
}

/** What `wall.state.get` returns, as the slice takes it. */
export interface LoadedWall {
  display: number;
  state: WallState;
  preset: WallState;
}

/**
 * This display's wall: the operator's arrangement (layout, cameras per page, tours) as saved by
 * the core, and IT's preset. Every change goes through an action here, marks the wall dirty,
 * and the session saves it (debounced) — so what the operator arranged survives a restart.
 */
export interface WallSlice {
  display: number;
  /** null until the first `wall.state.get` answer. */
  wall: WallState | null;
  /** Metro IT's layout for this display, for "back to IT's layout". */
  preset: WallState | null;
  /** Set when loading the wall failed, so the wall can say so instead of spinning forever. */
  wallError: string | null;
  /** The wall changed since the core last stored it. */
  wallDirty: boolean;
  setDisplay: (display: number) => void;
  /** Applies a `wall.state.get` (or reset) answer; another display's answer is ignored (stale). */
  loadWall: (loaded: LoadedWall) => void;
  setWallError: (message: string | null) => void;
  /** The core stored `state`: clean unless the wall changed again meanwhile. */
  markSaved: (state: WallState) => void;
  /** Applies a pure model operation as an operator change (marked dirty). */
  updateWall(change: (state: WallState) => WallState): void;
  setLayout: (layout: WallLayout) => void;
  assignSlot: (slot: number, cameraId: string | null) => void;
  swapSlots: (a: number, b: number) => void;
  turnPage: (delta: number) => void;
  startTourAt: (slot: number, tourId: string) => void;
  stopTourAt: (slot: number) => void;
  saveTour: (tour: Tour) => void;
  removeTour: (tourId: string) => void;
  setSpotTile: (index: number) => void;
  setSpotTarget: (display: number) => void;
  /** A `spot` push for this display: the camera goes to the spot tile of the page on screen. */
  receiveSpot: (cameraId: string | null) => number | null;
}

/** A tile's instant replay, as the core's last `replay-status` for it said (while not live). */
export interface TileReplay {
  cameraId: string;
  state: 'starting' | 'playing' | 'paused';
  /** Wall-clock time (epoch ms) the camera sent the picture replayed now; null until known. */
  pictureAt: number | null;
  speed: ReplaySpeed;
  /** What the camera's replay buffer holds (epoch ms), for the scrub bar and the clip. */
  bufferFrom: number | null;
  bufferTo: number | null;
}

/**
 * Instant replay, per wall slot: which tiles replay the past and where they are. An entry exists
 * only between the core's first `starting` and its `live` (or a refusal, or the tile's watch
 * ending), so a tile without one is on its live stream.
 */
export interface ReplaySlice {
  /** By wall slot (`String(slot)`). */
  replays: Record<string, TileReplay>;
  /** The replaying tile (wall slot) the evidence clip dialog cuts from, null when closed. */
  clipSlot: number | null;
  /** Applies a `replay-status` the core sent for the tile at `slot` (its watch's slot). */
  receiveReplayStatus(slot: number, status: ReplayStatus): void;
  /** The tile's watch ended (camera changed, page turned, profile switch): its replay ended with it. */
  endReplay(slot: number): void;
  /** The socket dropped: the core ended every replay of this window. */
  clearReplays(): void;
  /** Opens the evidence clip dialog on a replaying tile (null closes it). */
  openClip: (slot: number | null) => void;
}

/** The whole wall state: one store, composed of independent slices. */
export type VigieState = ConnectionSlice & CamerasSlice & WallSlice & ViewSlice & ReplaySlice;

/** A slice creator that can read (and call actions of) the other slices through `get`. */
export type SliceCreator<Slice> = StateCreator<VigieState, [], [], Slice>;
