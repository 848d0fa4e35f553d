import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StreamProfile } from '../../src-shared/contract';
import { useConnection } from '../connection/connection-context';
import type { WatchRefusedReason } from '../connection/slot-router';
import { useNow } from '../hooks/use-now';
import { selectCamera, selectStreamStatus } from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { TilePlayer } from '../video/tile-player';
import { TileOverlay } from './tile-overlay';
import { describeTileProblem, deriveTileState } from './tile-state';

/** Tiles always watch the cheap grid stream; the full profile is for a maximised view. */
const TILE_PROFILE: StreamProfile = 'grid';

/**
 * How often a decoded picture refreshes React state. Decoding runs at the stream's frame rate;
 * re-rendering 64 tiles at 25 fps just to say "still live" would waste the CPU the decoders need.
 */
const DECODE_STATE_THROTTLE_MS = 1_000;

/** A tile only knows its camera id (null: empty cell); everything else comes from the store. */
export interface TileProps {
  cameraId: string | null;
}

/**
 * One cell of the wall: the camera's video plus an overlay saying which camera it is and whether
 * the picture can be trusted. An empty cell says so explicitly, so an operator never mistakes it
 * for a black camera.
 */
export function Tile({ cameraId }: TileProps) {
  const { t } = useTranslation();
  const connection = useConnection();
  const camera = useVigie(selectCamera(cameraId));
  const status = useVigie(selectStreamStatus(cameraId, TILE_PROFILE));
  const now = useNow();
  const videoRef = useRef<HTMLDivElement>(null);
  const [lastDecodeAt, setLastDecodeAt] = useState<number | null>(null);
  const [refused, setRefused] = useState<WatchRefusedReason | null>(null);
  const lastCommittedDecode = useRef(0);

  const handleDecode = useCallback(() => {
    const decodedAt = Date.now();
    if (decodedAt - lastCommittedDecode.current < DECODE_STATE_THROTTLE_MS) return;
    lastCommittedDecode.current = decodedAt;
    setLastDecodeAt(decodedAt);
    // Video flows again (e.g. the camera was added to the core's configuration meanwhile).
    setRefused(null);
  }, []);

  useEffect(() => {
    const container = videoRef.current;
    if (cameraId === null || !connection || !container) return undefined;
    const player = new TilePlayer(container, { onDecode: handleDecode });
    const unsubscribe = connection.watch(cameraId, TILE_PROFILE, {
      onChunk: (payload, flags) => {
        player.push(payload, flags);
      },
      onRefused: (reason) => setRefused(reason),
    });
    return () => {
      unsubscribe();
      player.destroy();
    };
  }, [cameraId, connection, handleDecode]);

  const input = { cameraId, status, lastDecodeAt, now, refused };
  const state = deriveTileState(input);

  if (cameraId === null) {
    return (
      <div className="tile tile--empty" data-testid="tile" data-camera-id="" data-state="empty">
        <span className="tile__empty-label">{t('tile.empty')}</span>
      </div>
    );
  }

  return (
    <div className={`tile tile--${state}`} data-testid="tile" data-camera-id={cameraId} data-state={state}>
      <div className="tile__video" ref={videoRef} />
      <TileOverlay cameraId={cameraId} camera={camera} state={state} problem={describeTileProblem(input)} />
    </div>
  );
}
