import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useWallTranslation } from '../wall-i18n';
import type { PassthroughCodec, Tour, WallCell } from '../../../src-shared/contract';
import { useConnection } from '../connection-context';
import type { WatchRefusedReason } from '../../shared/connection/slot-router';
import type { VideoWatch } from '../../shared/connection/core-connection';
import { useNow } from '../../shared/hooks/use-now';
import {
  selectCamera,
  selectConnectionState,
  selectReplay,
  selectShowInfo,
  selectStreamStatus,
} from '../store/selectors';
import { useVigie, useVigieStoreApi } from '../store/use-vigie';
import { useAcceptedCodecs } from '../hooks/use-accepted-codecs';
import { TilePlayer, type TileStats } from '../video/tile-player';
import { cellPlacement } from '../model/layout-geometry';
import { chooseProfile } from '../model/stream-profile';
import { secondsLeft, type TourProgress } from '../model/tour-scheduler';
import { CAMERA_MIME, TILE_MIME, isWallDrag } from './drag-types';
import { ReplayBar, RewindButtons } from './replay-bar';
import { TileOverlay } from './tile-overlay';
import { describeTileProblem, deriveTileState, staleSeconds } from './tile-state';
import { useTileRegistry, useWallCommands } from './wall-context';

/**
 * How often a decoded picture refreshes React state. Decoding runs at the stream's frame rate;
 * re-rendering 64 tiles at 25 fps just to say "still live" would waste the CPU the decoders need.
 */
const DECODE_STATE_THROTTLE_MS = 500;

/** One tile of the page on screen, as the wall lays it out. */
export interface TileProps {
  /** Index on the page (what the keyboard selects). */
  index: number;
  /** Absolute slot (page-major), what the wall state stores. */
  slot: number;
  cell: WallCell;
  /** The camera shown (the tour's current one when a tour runs), null for an empty tile. */
  cameraId: string | null;
  selected: boolean;
  maximised: boolean;
  /** Hidden behind a maximised tile: no stream, no decoding. */
  covered: boolean;
  spotTile: boolean;
  spotFlash: boolean;
  tour: { tour: Tour; progress: TourProgress | undefined } | null;
}

/**
 * One cell of the wall: the camera's video plus an overlay saying which camera it is and whether
 * the picture can be trusted. An empty cell says so explicitly, so an operator never mistakes it
 * for a black camera.
 *
 * The tile picks its stream from its size on screen (see stream-profile.ts) and switches without
 * a black gap; a covered tile stops its stream (the core keeps it warm for a few seconds and
 * replays the last GOP when it comes back).
 */
export function Tile({
  index,
  slot,
  cell,
  cameraId,
  selected,
  maximised,
  covered,
  spotTile,
  spotFlash,
  tour,
}: TileProps) {
  const { t } = useWallTranslation();
  const connection = useConnection();
  const run = useWallCommands();
  const registry = useTileRegistry();
  const camera = useVigie(selectCamera(cameraId));
  const showInfo = useVigie(selectShowInfo);
  const connectionState = useVigie(selectConnectionState);
  const replay = useVigie(selectReplay(slot));
  const store = useVigieStoreApi();
  const now = useNow();
  /** This tile's current watch: its replay commands go to that watch's socket slot. */
  const watchRef = useRef<VideoWatch | null>(null);
  /** The pictures fed last carry VIDEO_FLAG_REPLAY (the player's word, beside the core's status). */
  const [replayPictures, setReplayPictures] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [lastDecodeAt, setLastDecodeAt] = useState<number | null>(null);
  const [refused, setRefused] = useState<WatchRefusedReason | null>(null);
  const [stats, setStats] = useState<TileStats | null>(null);
  const [dropTarget, setDropTarget] = useState(false);
  /** The camera whose H.264 this tile's decoder failed on: watched in MPEG-1 from then on. */
  const [passthroughFailedFor, setPassthroughFailedFor] = useState<string | null>(null);
  const windowCodecs = useAcceptedCodecs();
  const [player] = useState(() => {
    let lastCommitted = 0;
    return new TilePlayer({
      onDecode: () => {
        const decodedAt = Date.now();
        if (decodedAt - lastCommitted < DECODE_STATE_THROTTLE_MS) return;
        lastCommitted = decodedAt;
        setLastDecodeAt(decodedAt);
        // Video flows again (e.g. the camera was added to the core's configuration meanwhile).
        setRefused(null);
      },
      onStats: setStats,
      onPassthroughFailed: (_reason, stream) => setPassthroughFailedFor(stream),
      onReplayPictures: setReplayPictures,
    });
  });
  const profile = chooseProfile(size, maximised);
  const status = useVigie(selectStreamStatus(cameraId, profile));
  // A decoder failure is the tile's, for that camera: the next camera tries passthrough again.
  const acceptKey = cameraId !== null && passthroughFailedFor === cameraId ? '' : windowCodecs.join(',');

  useEffect(() => {
    const element = rootRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (!entry) return;
      const ratio = window.devicePixelRatio || 1;
      const box = entry.devicePixelContentBoxSize?.[0];
      const width = Math.round(box ? box.inlineSize : entry.contentRect.width * ratio);
      const height = Math.round(box ? box.blockSize : entry.contentRect.height * ratio);
      setSize((previous) =>
        previous && previous.width === width && previous.height === height ? previous : { width, height },
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => player.setTarget(size), [player, size]);

  useEffect(() => {
    const container = videoRef.current;
    if (!container) return undefined;
    player.attach(container);
    return () => player.detach();
  }, [player]);

  useEffect(() => {
    if (cameraId === null || !connection || covered) return undefined;
    player.startStream(cameraId);
    const accept = acceptKey === '' ? [] : (acceptKey.split(',') as PassthroughCodec[]);
    const watch = connection.watch(
      cameraId,
      profile,
      {
        onChunk: (payload, flags, sentAt, sourceLagMs) => player.push(payload, flags, sentAt, sourceLagMs),
        onRefused: (reason) => setRefused(reason),
        onReplayStatus: (replayStatus) => store.getState().receiveReplayStatus(slot, replayStatus),
      },
      accept,
    );
    watchRef.current = watch;
    return () => {
      watchRef.current = null;
      watch();
      player.stopStream();
      // The core ends a slot's replay with its watch (a profile switch, a covered tile too).
      store.getState().endReplay(slot);
    };
  }, [player, connection, cameraId, profile, covered, acceptKey, store, slot]);

  useEffect(() => {
    if (!registry || cameraId === null) return undefined;
    return registry.register(slot, {
      cameraId,
      pictureCanvas: () => player.pictureCanvas(),
      replay: (command) => watchRef.current?.replay(command),
    });
  }, [registry, slot, cameraId, player]);

  const replaying = replay !== undefined || replayPictures;
  const input = { cameraId, status, lastDecodeAt, now, refused, connection: connectionState, replaying };
  const state = deriveTileState(input);
  // Only a live picture can be degraded or behind: a stale one already says it is not live.
  const showing = cameraId !== null && !covered && state === 'live';
  const degraded = showing && (stats?.degraded ?? false);
  const behind = showing && (stats?.behind ?? false);
  const tourInfo =
    tour && tour.progress
      ? {
          name: tour.tour.name,
          secondsLeft: secondsLeft(tour.progress, tour.tour, now),
          paused: tour.progress.pausedAt !== null,
        }
      : tour
        ? { name: tour.tour.name, secondsLeft: tour.tour.steps[0]?.dwellSeconds ?? 0, paused: selected }
        : null;

  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    if (cameraId === null) return;
    event.dataTransfer.setData(TILE_MIME, String(slot));
    event.dataTransfer.effectAllowed = 'move';
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    const types = [...event.dataTransfer.types];
    if (!isWallDrag(types)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = types.includes(CAMERA_MIME) ? 'copy' : 'move';
    if (!dropTarget) setDropTarget(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDropTarget(false);
    const droppedCamera = event.dataTransfer.getData(CAMERA_MIME);
    if (droppedCamera) {
      run({ type: 'assign-camera', index, cameraId: droppedCamera });
      return;
    }
    const from = Number.parseInt(event.dataTransfer.getData(TILE_MIME), 10);
    if (Number.isInteger(from) && from !== slot) run({ type: 'swap', from, to: slot });
  };

  const classes = [
    'tile',
    `tile--${state}`,
    selected && 'tile--selected',
    maximised && 'tile--maximised',
    covered && 'tile--covered',
    dropTarget && 'tile--drop-target',
    spotFlash && 'tile--spot-flash',
    (degraded || behind) && 'tile--degraded',
  ]
    .filter(Boolean)
    .join(' ');
  const placement = maximised ? { gridColumn: '1 / -1', gridRow: '1 / -1' } : cellPlacement(cell);

  return (
    <div
      ref={rootRef}
      className={classes}
      style={placement}
      data-testid="tile"
      data-camera-id={cameraId ?? ''}
      data-state={state}
      data-index={index}
      data-slot={slot}
      data-selected={selected}
      data-maximised={maximised}
      data-covered={covered}
      data-profile={cameraId === null || covered ? '' : profile}
      data-degraded={degraded || behind}
      data-behind={behind}
      data-delay-ms={stats?.cameraDelayP95 == null ? '' : Math.round(stats.cameraDelayP95)}
      data-source-lag-ms={stats ? Math.round(stats.sourceLagMs) : ''}
      data-fps={stats?.fps ?? ''}
      data-pictures={stats ? `${stats.decodedTotal}/${stats.receivedTotal}` : ''}
      data-transport={stats?.path.transport ?? ''}
      data-decoder={stats ? `${stats.path.decoder}/${stats.path.draw}` : ''}
      data-replay={state === 'replay'}
      data-replay-state={state === 'replay' ? (replay?.state ?? 'pictures') : ''}
      data-replay-picture-at={state === 'replay' ? (replay?.pictureAt ?? '') : ''}
      data-replay-speed={state === 'replay' ? (replay?.speed ?? '') : ''}
      data-spot-tile={spotTile}
      data-tour={tour?.tour.id ?? ''}
      data-tour-state={tourInfo ? (tourInfo.paused ? 'paused' : 'running') : ''}
      draggable={cameraId !== null}
      onClick={() => run({ type: 'select', index })}
      onDoubleClick={() => run(maximised ? { type: 'restore' } : { type: 'maximise', index })}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={() => setDropTarget(false)}
      onDrop={onDrop}
    >
      <div className="tile__video" ref={videoRef} />
      {cameraId === null ? (
        <span className="tile__empty-label">{t('tile.empty')}</span>
      ) : (
        <TileOverlay
          cameraId={cameraId}
          camera={camera}
          state={state}
          problem={describeTileProblem(input)}
          now={now}
          degraded={degraded}
          behindMs={behind ? (stats?.sourceLagMs ?? null) : null}
          staleSeconds={staleSeconds(input)}
          spotTile={spotTile}
          tour={tourInfo}
          info={showInfo ? { profile, status, stats } : null}
          replay={state === 'replay' ? (replay ?? null) : null}
        />
      )}
      {replay && cameraId !== null && !covered && state === 'replay' && (
        <ReplayBar slot={slot} replay={replay} />
      )}
      {cameraId === null && spotTile && (
        <span className="tile-badge tile-badge--spot tile__spot">{t('tile.spot')}</span>
      )}
      {selected && cameraId !== null && (
        <div className="tile__actions">
          <TileButton
            label={maximised ? t('tile.actions.restore') : t('tile.actions.maximise')}
            testId="tile-maximise"
            onPress={() => run(maximised ? { type: 'restore' } : { type: 'maximise', index })}
          />
          <TileButton
            label={t('tile.actions.snapshot')}
            testId="tile-snapshot"
            onPress={() => run({ type: 'snapshot', index })}
          />
          <TileButton
            label={t('tile.actions.logThis')}
            testId="tile-log"
            onPress={() => run({ type: 'log-this', index })}
          />
          <TileButton
            label={t('tile.actions.clear')}
            testId="tile-clear"
            onPress={() => run({ type: 'clear', index })}
          />
          <RewindButtons index={index} />
        </div>
      )}
    </div>
  );
}

/** A tile action; it never takes focus, so the wall keeps answering the keyboard. */
function TileButton({ label, testId, onPress }: { label: string; testId: string; onPress: () => void }) {
  return (
    <button
      type="button"
      className="tile__action"
      data-testid={testId}
      onMouseDown={(event) => event.preventDefault()}
      onClick={(event) => {
        event.stopPropagation();
        onPress();
      }}
      onDoubleClick={(event) => event.stopPropagation()}
    >
      {label}
    </button>
  );
}
