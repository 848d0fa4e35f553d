import type { ReplayStatus } from '../../../src-shared/contract';
import type { Notice, ReplaySlice, SliceCreator, TileReplay } from './store-types';

/** The notice saying why the core refused a rewind, in French (wall-i18n `notices`). */
const REFUSAL_NOTICES: Record<NonNullable<ReplayStatus['reason']>, Notice['key']> = {
  'not-watching': 'replayNotWatching',
  'no-buffer': 'replayNoBuffer',
  unavailable: 'replayUnavailable',
};

/** The slice's record of a status, or null when the tile is (back) on live. */
function replayOf(status: ReplayStatus): TileReplay | null {
  if (status.state === 'live' || status.state === 'refused') return null;
  return {
    cameraId: status.cameraId,
    state: status.state,
    pictureAt: status.pictureAt,
    speed: status.speed,
    bufferFrom: status.bufferFrom,
    bufferTo: status.bufferTo,
  };
}

/**
 * Creates the replay slice. The tile routes its slot's `replay-status` here (the core numbers
 * slots per watch; the store knows wall slots); going back to live and refusals are said as
 * notices, so an operator who pressed R and sees nothing change is told why.
 */
export const createReplaySlice: SliceCreator<ReplaySlice> = (set, get) => ({
  replays: {},
  clipSlot: null,
  receiveReplayStatus: (slot, status) => {
    const key = String(slot);
    const held = get().replays[key];
    const next = replayOf(status);
    const number = get().camerasById[status.cameraId]?.number ?? status.cameraId;
    if (status.state === 'refused') {
      get().notify(REFUSAL_NOTICES[status.reason ?? 'unavailable'], { number }, 'error');
    } else if (status.state === 'live' && held) {
      get().notify('replayLive', { number });
    }
    if (next) {
      set({ replays: { ...get().replays, [key]: next } });
      return;
    }
    if (held) get().endReplay(slot);
  },
  endReplay: (slot) => {
    const key = String(slot);
    const { replays, clipSlot } = get();
    if (!(key in replays) && clipSlot !== slot) return;
    const rest = { ...replays };
    delete rest[key];
    set({ replays: rest });
    // The clip is cut from the replay's buffer: the dialog goes with it (its times stay valid, but
    // the operator asked from a replay that no longer is on screen).
    if (clipSlot === slot) get().openClip(null);
  },
  clearReplays: () => {
    if (Object.keys(get().replays).length === 0 && get().clipSlot === null) return;
    set({ replays: {} });
    if (get().clipSlot !== null) get().openClip(null);
  },
  openClip: (slot) => {
    if (slot !== null && !(String(slot) in get().replays)) return;
    set({ clipSlot: slot });
    get().openModal(slot === null ? (get().modal === 'clip' ? null : get().modal) : 'clip');
  },
});
