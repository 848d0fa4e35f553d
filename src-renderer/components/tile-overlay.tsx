import { useTranslation } from 'react-i18next';
import type { CameraSummary } from '../../src-shared/contract';
import type { TileProblem, TileState } from './tile-state';

/** The overlay only displays; the tile derives state and problem so the rules live in one place. */
export interface TileOverlayProps {
  cameraId: string;
  camera: CameraSummary | undefined;
  state: TileState;
  problem: TileProblem | null;
}

/**
 * Text over the video: camera number and name, commune, a state badge, and on error the reason in
 * plain French with the retry countdown. Sized to be read from the back of the room.
 */
export function TileOverlay({ cameraId, camera, state, problem }: TileOverlayProps) {
  const { t } = useTranslation();
  const name = camera?.name ?? t('tile.unknownCamera', { id: cameraId });

  return (
    <div className="tile-overlay">
      <div className="tile-overlay__top">
        <div className="tile-overlay__identity">
          <div className="tile-overlay__title">
            {camera && (
              <>
                <span className="tile-overlay__number" data-testid="tile-number">
                  {camera.number}
                </span>
                <span className="tile-overlay__separator">{t('tile.numberSeparator')}</span>
              </>
            )}
            <span className="tile-overlay__name" data-testid="tile-name">
              {name}
            </span>
          </div>
          {camera?.commune && (
            <div className="tile-overlay__commune" data-testid="tile-commune">
              {camera.commune}
            </div>
          )}
        </div>
        <span className={`tile-badge tile-badge--${state}`} data-testid="tile-badge">
          <span className="status-dot" aria-hidden="true" />
          {t(`tile.state.${state}`)}
        </span>
      </div>
      {problem && (
        <div className="tile-overlay__problem" data-testid="tile-reason" role="status">
          <span className="tile-overlay__reason">
            {problem.kind === 'refused'
              ? t(`tile.refused.${problem.reason}`)
              : t(`tile.reason.${problem.reason}`)}
          </span>
          {problem.kind === 'stream' && problem.retryInSeconds !== null && (
            <span className="tile-overlay__retry" data-testid="tile-retry">
              {problem.retryInSeconds > 0
                ? t('tile.retryIn', { seconds: problem.retryInSeconds })
                : t('tile.retryNow')}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
