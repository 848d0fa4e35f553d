import { useSharedT } from '../../shared/i18n/i18n';
import { useWallTranslation } from '../wall-i18n';
import {
  selectConnectionState,
  selectDisplay,
  selectOnDuty,
  selectSiteName,
  selectWorkstation,
} from '../store/selectors';
import { useVigie } from '../store/use-vigie';
import { HealthBadge } from './health-badge';
import { LiveClock } from './live-clock';

/**
 * Opens the main courante or administration window. In Electron the shell opens it (pages may not
 * open windows themselves); in a browser it is a new tab of the same page with `view=…`.
 */
function openView(view: 'main-courante' | 'admin'): void {
  if (window.vigie) {
    window.vigie.windowCommand(view === 'main-courante' ? 'open-main-courante' : 'open-admin');
    return;
  }
  const url = new URL(window.location.href);
  url.searchParams.set('view', view);
  window.open(url.toString(), `vigie-${view}`);
}

/**
 * Top bar: where (site, workstation, screen), when (clock) and whether the wall is connected.
 * Operators glance at it from their desk, so it stays small, dim and stable.
 */
export function HeaderBar() {
  const { t } = useWallTranslation();
  const shared = useSharedT();
  const siteName = useVigie(selectSiteName);
  const workstation = useVigie(selectWorkstation);
  const display = useVigie(selectDisplay);
  const connectionState = useVigie(selectConnectionState);
  const onDuty = useVigie(selectOnDuty);

  return (
    <header className="header-bar">
      <span className="header-bar__brand">{shared('app.name')}</span>
      <span className="header-bar__site" data-testid="site-name">
        {siteName}
      </span>
      {workstation && (
        <span className="header-bar__workstation">{t('header.workstation', { workstation })}</span>
      )}
      <span className="header-bar__display" data-testid="display-label">
        {t('header.display', { display })}
      </span>
      <span className="header-bar__spacer" />
      {onDuty !== undefined && (
        <span className="header-bar__on-duty" data-testid="on-duty" data-badge={onDuty?.badge ?? ''}>
          {onDuty ? t('header.onDuty', { name: onDuty.name, badge: onDuty.badge }) : t('header.nobodyOnDuty')}
        </span>
      )}
      <HealthBadge />
      <button
        type="button"
        className="button button--ghost header-bar__link"
        data-testid="open-main-courante"
        onClick={() => openView('main-courante')}
      >
        {t('header.mainCourante')}
      </button>
      <button
        type="button"
        className="button button--ghost header-bar__link"
        data-testid="open-admin"
        onClick={() => openView('admin')}
      >
        {t('header.admin')}
      </button>
      <span
        className={`header-bar__connection header-bar__connection--${connectionState}`}
        data-testid="connection-state"
        data-state={connectionState}
      >
        <span className="status-dot" aria-hidden="true" />
        {t(`connection.state.${connectionState}`)}
      </span>
      <LiveClock />
    </header>
  );
}
