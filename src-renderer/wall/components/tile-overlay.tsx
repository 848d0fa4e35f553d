import { useWallTranslation } from '../wall-i18n';
import type { CameraSummary, StreamProfile, StreamStatus } from '../../../src-shared/contract';
import { useTimeFormat } from '../hooks/use-time-format';
import type { TileReplay } from '../store/store-types';
import type { TileStats } from '../video/tile-player';
import type { TileProblem, TileState } from './tile-state';

/** The tour running in a tile, as the overlay shows it. */
export interface TileTourInfo {
  name: string;
  secondsLeft: number;
  paused: boolean;
}

/** The overlay only displays; the tile derives state and problem so the rules live in one place. */
export interface TileOverlayProps {
  cameraId: string;
  camera: CameraSummary | undefined;
  state: TileState;
  problem: TileProblem | null;
  now: number;
  degraded: boolean;
  /** How far behind the camera a live picture is, when beyond the bound (else null). */
  behindMs: number | null;
  /** Age of a stale picture, whole seconds (null unless stale). */
  staleSeconds: number | null;
  spotTile: boolean;
  tour: TileTourInfo | null;
  /** fps, kbit/s and delay, shown on demand. */
  info: { profile: StreamProfile; status: StreamStatus | undefined; stats: TileStats | null } | null;
  /**
   * The tile's replay as the core reports it, when the tile is in the `replay` state (null while
   * only its pictures say so): the picture's own time replaces the wall clock.
   */
  replay?: TileReplay | null;
}

/**
 * Text over the video: camera number and name, commune, state badge, a clock, and on error the
 * reason in plain French with the retry countdown. Sized to be read from the back of the room.
 * The clock is the wall's (not the camera's): a frozen picture next to a running clock is the
 * first thing an operator notices.
 */
export function TileOverlay({
  cameraId,
  camera,
  state,
  problem,
  now,
  degraded,
  behindMs,
  staleSeconds,
  spotTile,
  tour,
  info,
  replay = null,
}: TileOverlayProps) {
  const { t } = useWallTranslation();
  const timeFormat = useTimeFormat();
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
        <div className="tile-overlay__badges">
          <span className={`tile-badge tile-badge--${state}`} data-testid="tile-badge">
            <span className="status-dot" aria-hidden="true" />
            {state === 'replay'
              ? replayBadge(t, replay)
              : state === 'stale' && staleSeconds !== null
                ? t('tile.staleFor', { seconds: staleSeconds })
                : t(`tile.state.${state}`)}
          </span>
          {behindMs !== null && (
            <span
              className="tile-badge tile-badge--degraded"
              data-testid="tile-behind"
              title={t('tile.behindTitle')}
            >
              {t('tile.behind', { seconds: (behindMs / 1000).toFixed(1).replace('.', ',') })}
            </span>
          )}
          {degraded && behindMs === null && (
            <span
              className="tile-badge tile-badge--degraded"
              data-testid="tile-degraded"
              title={t('tile.degradedTitle')}
            >
              {t('tile.degraded')}
            </span>
          )}
          {spotTile && <span className="tile-badge tile-badge--spot">{t('tile.spot')}</span>}
        </div>
      </div>
      <div className="tile-overlay__bottom">
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
        <div className="tile-overlay__footer">
          <div className="tile-overlay__footer-left">
            {tour && (
              <span className="tile-overlay__tour" data-testid="tile-tour">
                {/^ronde\b/i.test(tour.name.trim()) ? tour.name : t('tile.tour', { name: tour.name })}
                {' · '}
                {tour.paused ? t('tile.tourPaused') : t('tile.tourNext', { seconds: tour.secondsLeft })}
              </span>
            )}
            {info && (
              <span className="tile-overlay__info" data-testid="tile-info">
                {t(`tile.profile.${info.profile}`)}
                {' · '}
                {t(info.stats?.path.transport === 'h264' ? 'tile.path.h264' : 'tile.path.mpeg1')}
                {' · '}
                {t('tile.fps', { fps: info.stats?.fps ?? Math.round(info.status?.fps ?? 0) })}
                {' · '}
                {t('tile.kbps', { kbps: Math.round(info.status?.kbps ?? 0) })}
                {info.stats?.cameraDelayP95 != null && (
                  <>
                    {' · '}
                    {t('tile.delay', {
                      ms: Math.round(info.stats.cameraDelayP95),
                      source: Math.round(info.stats.sourceLagMs),
                    })}
                  </>
                )}
              </span>
            )}
          </div>
          {state === 'replay' ? (
            // The picture's own time, never the wall clock: a replay must not pass for live.
            <time
              className="tile-overlay__replay-time"
              data-testid="tile-replay-time"
              title={t('tile.replay.pictureAtTitle')}
            >
              {replay?.pictureAt != null
                ? t('tile.replay.pictureAt', { time: timeFormat.format(replay.pictureAt) })
                : t('tile.state.replay')}
            </time>
          ) : (
            <time className="tile-overlay__clock" data-testid="tile-clock">
              {timeFormat.format(now)}
            </time>
          )}
        </div>
      </div>
    </div>
  );
}

/** What a replaying tile's badge says: « Relecture », paused, ×2 or still starting. */
function replayBadge(t: ReturnType<typeof useWallTranslation>['t'], replay: TileReplay | null): string {
  if (replay?.state === 'starting') return t('tile.replay.starting');
  if (replay?.state === 'paused') return t('tile.replay.badgePaused');
  if (replay?.speed === 2) return t('tile.replay.badgeFast');
  return t('tile.replay.badge');
}
