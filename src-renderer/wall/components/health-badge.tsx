import { useEffect, useMemo, useState } from 'react';
import type { CameraHealth, HealthSummary } from '../../../src-shared/contract';
import { connectionClient } from '../../shared/connection/result-client';
import { faultReason } from '../../shared/i18n/camera-fault';
import { useSharedT } from '../../shared/i18n/i18n';
import { useConnection } from '../connection-context';
import { selectConnectionState } from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { useWallTranslation } from '../wall-i18n';
import { Modal } from './modal';

/**
 * How often the wall asks the core for camera health. The core probes every ~10 s and decides
 * within 30 s; a 5 s poll adds at most 5 s and costs one small answer (no push to wire).
 */
export const HEALTH_POLL_MS = 5_000;

/** `depuis 12 min`, `depuis 3 h 05`, `depuis 2 j`: how long a camera has been down, at a glance. */
function Elapsed({ since, now }: { since: string; now: number }) {
  const { t } = useWallTranslation();
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 60) return <>{t('health.elapsed.minutes', { minutes })}</>;
  if (minutes < 48 * 60) {
    const rest = String(minutes % 60).padStart(2, '0');
    return <>{t('health.elapsed.hours', { hours: Math.floor(minutes / 60), minutes: rest })}</>;
  }
  return <>{t('health.elapsed.days', { days: Math.floor(minutes / 1440) })}</>;
}

/**
 * The header's count of cameras down (from the core's RTSP probes, so it includes cameras no
 * tile shows), and on click the list: each camera, since when and why, in French. A line's
 * button opens a pre-filled main courante entry for that camera (the tile's "log this" flow).
 */
export function HealthBadge() {
  const { t } = useWallTranslation();
  const connection = useConnection();
  const connectionState = useVigie(selectConnectionState);
  const client = useMemo(() => (connection ? connectionClient(connection) : null), [connection]);
  const [summary, setSummary] = useState<HealthSummary | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!client || connectionState !== 'open') return;
    let alive = true;
    const poll = () =>
      void client.call('health.summary', {}).then((outcome) => {
        if (alive && outcome.ok) setSummary(outcome.value);
      });
    poll();
    const timer = setInterval(poll, HEALTH_POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [client, connectionState]);

  if (!summary || summary.total === 0) return null;
  const down = summary.cameras.filter((camera) => camera.state === 'down');
  return (
    <>
      <button
        type="button"
        className={`button button--ghost header-bar__health${down.length ? ' header-bar__health--down' : ''}`}
        data-testid="health-badge"
        data-down={down.length}
        title={t('health.title', { up: summary.up, total: summary.total })}
        onClick={() => setOpen(true)}
      >
        {down.length ? t('health.down', { count: down.length }) : t('health.allUp')}
      </button>
      {open && (
        <HealthList
          cameras={down}
          now={Date.parse(summary.at)}
          onClose={() => setOpen(false)}
          onLog={(camera) => void client?.call('logbook.prefill', { cameraId: camera.cameraId, fault: true })}
        />
      )}
    </>
  );
}

function HealthList({
  cameras,
  now,
  onClose,
  onLog,
}: {
  cameras: CameraHealth[];
  /** The summary's instant (the list refreshes with each poll). */
  now: number;
  onClose: () => void;
  onLog: (camera: CameraHealth) => void;
}) {
  const { t } = useWallTranslation();
  const shared = useSharedT();
  return (
    <div onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <Modal title={t('health.listTitle')} testId="health-list" onClose={onClose} wide>
        {cameras.length === 0 ? (
          <p>{t('health.none')}</p>
        ) : (
          <table className="health-list">
            <thead>
              <tr>
                <th>{t('health.camera')}</th>
                <th>{t('health.since')}</th>
                <th>{t('health.why')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {cameras.map((camera) => {
                return (
                  <tr key={camera.cameraId} data-testid="health-row" data-camera={camera.cameraId}>
                    <td>
                      {camera.number} — {camera.name}
                    </td>
                    <td>
                      {t('health.sinceAt', {
                        time: new Date(camera.since).toLocaleString('fr-FR', {
                          dateStyle: 'short',
                          timeStyle: 'medium',
                        }),
                      })}{' '}
                      (<Elapsed since={camera.since} now={now} />)
                    </td>
                    <td data-testid="health-reason">{faultReason(shared, camera, camera.status)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--ghost"
                        data-testid="health-log"
                        onClick={() => onLog(camera)}
                      >
                        {t('health.log')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('health.close')}
          </button>
        </div>
      </Modal>
    </div>
  );
}
