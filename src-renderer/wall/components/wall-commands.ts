import { MAX_REPLAY_SECONDS } from '../../../src-shared/contract';
import type { CoreConnection, ReplayCommand } from '../../shared/connection/core-connection';
import { connectionClient } from '../../shared/connection/result-client';
import type { VigieStore } from '../store/vigie-store';
import { encodeSnapshot } from '../video/snapshot';
import { wallErrorText } from '../wall-errors';
import { presetLayout } from '../model/layout-geometry';
import { displayedCamera, slotOf } from '../model/wall-model';
import type { AppCommand, TileRegistry } from './wall-context';

/** What the command runner acts on. */
export interface CommandDeps {
  store: VigieStore;
  connection: CoreConnection;
  registry: TileRegistry;
  display: number;
}

/** A failure inside the window itself (encoding a picture), never the core's. */
function localErrorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Executes wall commands from every input (keyboard reducer, toolbar, tiles, tree, dialogs), so
 * a shortcut and its button can never behave differently. Store actions change the wall; the
 * core is called for what crosses windows (spot) or must be audited (snapshots).
 */
export function createCommandRunner(deps: CommandDeps): (command: AppCommand) => void {
  const { store, registry, display } = deps;
  const client = connectionClient(deps.connection);
  const state = () => store.getState();

  const slotFor = (index: number): number | null => {
    const wall = state().wall;
    return wall ? slotOf(wall, wall.page, index) : null;
  };

  const cameraShownAt = (slot: number): string | null => {
    const { wall, tourProgress } = state();
    return wall ? displayedCamera(wall, tourProgress, slot) : null;
  };

  const sendSpot = (index: number, target: number | null) => {
    const slot = slotFor(index);
    const cameraId = slot === null ? null : cameraShownAt(slot);
    if (cameraId === null) {
      state().notify('emptyTile');
      return;
    }
    const wall = state().wall;
    const to = target ?? wall?.spotTarget ?? (display === 1 ? 2 : 1);
    if (to < 1 || to > 16) {
      state().notify('spotFailed', { error: String(to) }, 'error');
      return;
    }
    const number = state().camerasById[cameraId]?.number ?? cameraId;
    void client.call('spot.send', { display: to, cameraId }).then((outcome) => {
      if (outcome.ok) state().notify('spotSent', { number, display: to });
      else state().notify('spotFailed', { error: wallErrorText(outcome.error) }, 'error');
    });
  };

  const snapshot = (index: number) => {
    const slot = slotFor(index);
    const handle = slot === null ? undefined : registry.get(slot);
    const canvas = handle?.pictureCanvas() ?? null;
    if (!handle || !canvas || canvas.width === 0) {
      state().notify('snapshotEmpty');
      return;
    }
    let pngBase64: string;
    try {
      pngBase64 = encodeSnapshot(canvas);
    } catch (error) {
      state().notify('snapshotFailed', { error: localErrorText(error) }, 'error');
      return;
    }
    void client.call('snapshot.save', { cameraId: handle.cameraId, pngBase64 }).then((outcome) => {
      if (outcome.ok) state().notify('snapshotSaved', { file: outcome.value.file });
      else state().notify('snapshotFailed', { error: wallErrorText(outcome.error) }, 'error');
    });
  };

  /** "Log this": the core pushes a pre-filled entry (camera, commune, now) to the main courante window. */
  const logThis = (index: number) => {
    const slot = slotFor(index);
    const cameraId = slot === null ? null : cameraShownAt(slot);
    if (cameraId === null) {
      state().notify('emptyTile');
      return;
    }
    const number = state().camerasById[cameraId]?.number ?? cameraId;
    void client.call('logbook.prefill', { cameraId }).then((outcome) => {
      if (outcome.ok) state().notify('logDraftSent', { number });
      else state().notify('logDraftFailed', { error: wallErrorText(outcome.error) }, 'error');
    });
  };

  /** How far R rewinds without a number typed before it. */
  const DEFAULT_REPLAY_SECONDS = 10;

  /** Rewinds a tile in place: the core answers with `replay-status` (or a refusal, said in French). */
  const replay = (index: number, seconds: number | null) => {
    const slot = slotFor(index);
    const cameraId = slot === null ? null : cameraShownAt(slot);
    const handle = slot === null ? undefined : registry.get(slot);
    if (cameraId === null || !handle || handle.cameraId !== cameraId) {
      state().notify('emptyTile');
      return;
    }
    const secondsBack = Math.min(MAX_REPLAY_SECONDS, Math.max(1, seconds ?? DEFAULT_REPLAY_SECONDS));
    handle.replay({ type: 'replay-start', cameraId, secondsBack });
  };

  const controlReplay = (slot: number | null, command: ReplayCommand) => {
    if (slot === null || state().replays[String(slot)] === undefined) {
      state().notify('notReplaying');
      return;
    }
    registry.get(slot)?.replay(command);
  };

  const toggleTour = (index: number, tourNumber: number | null) => {
    const slot = slotFor(index);
    const wall = state().wall;
    if (slot === null || !wall) return;
    if (wall.tileTours[String(slot)] !== undefined && tourNumber === null) {
      state().stopTourAt(slot);
      state().notify('tourStopped');
      return;
    }
    if (wall.tours.length === 0) {
      state().notify('noTours');
      state().openModal('tours');
      return;
    }
    const tour = wall.tours[(tourNumber ?? 1) - 1];
    if (!tour) {
      state().notify('unknownTour', { number: tourNumber ?? 1 }, 'error');
      return;
    }
    state().startTourAt(slot, tour.id);
    state().notify('tourStarted', { name: tour.name });
  };

  const resetLayout = () => {
    state().openModal(null);
    void client.call('wall.state.reset', { display }).then((outcome) => {
      if (!outcome.ok) {
        state().notify('resetFailed', { error: wallErrorText(outcome.error) }, 'error');
        return;
      }
      const preset = state().preset ?? outcome.value.state;
      state().loadWall({ display, state: outcome.value.state, preset });
      state().notify('resetDone');
    });
  };

  return (command) => {
    switch (command.type) {
      case 'select':
        state().select(command.index);
        return;
      case 'deselect':
        state().select(null);
        return;
      case 'assign-number': {
        const camera = Object.values(state().camerasById).find((c) => c.number === command.number);
        const slot = slotFor(command.index);
        if (!camera) {
          state().notify('unknownCamera', { number: command.number }, 'error');
          return;
        }
        if (slot !== null) state().assignSlot(slot, camera.id);
        state().select(command.index);
        return;
      }
      case 'assign-camera': {
        const slot = slotFor(command.index);
        if (slot !== null) state().assignSlot(slot, command.cameraId);
        state().select(command.index);
        return;
      }
      case 'swap':
        state().swapSlots(command.from, command.to);
        return;
      case 'maximise':
        state().maximise(command.index);
        return;
      case 'restore':
        state().restore();
        return;
      case 'page':
        state().turnPage(command.delta);
        return;
      case 'layout':
        state().setLayout(presetLayout(command.preset));
        return;
      case 'layout-editor':
        state().openModal('layout');
        return;
      case 'clear': {
        const slot = slotFor(command.index);
        if (slot !== null) state().assignSlot(slot, null);
        return;
      }
      case 'tour':
        toggleTour(command.index, command.tourNumber);
        return;
      case 'tour-editor':
        state().openModal('tours');
        return;
      case 'spot':
        sendSpot(command.index, command.display);
        return;
      case 'set-spot-tile':
        state().setSpotTile(command.index);
        state().notify('spotTileSet', { tile: command.index + 1 });
        return;
      case 'snapshot':
        snapshot(command.index);
        return;
      case 'log-this':
        logThis(command.index);
        return;
      case 'replay':
        replay(command.index, command.seconds);
        return;
      case 'replay-pause': {
        const slot = slotFor(command.index);
        const paused = slot !== null && state().replays[String(slot)]?.state === 'paused';
        controlReplay(slot, { type: 'replay-pause', paused: !paused });
        return;
      }
      case 'replay-live':
        controlReplay(slotFor(command.index), { type: 'replay-live' });
        return;
      case 'replay-control':
        controlReplay(command.slot, command.command);
        return;
      case 'open-clip':
        state().openClip(command.slot);
        return;
      case 'toggle-info':
        state().toggleInfo();
        return;
      case 'toggle-tree':
        state().toggleTree();
        return;
      case 'focus-search':
        if (!state().showTree) state().toggleTree();
        // The panel renders on this tick; focus once it exists.
        setTimeout(() => document.getElementById('camera-search')?.focus(), 0);
        return;
      case 'help':
        state().openModal(state().modal === 'help' ? null : 'help');
        return;
      case 'close-modal':
        state().openModal(null);
        return;
      case 'need-selection':
        state().notify('needSelection');
        return;
      case 'reset-layout':
        resetLayout();
        return;
    }
  };
}
