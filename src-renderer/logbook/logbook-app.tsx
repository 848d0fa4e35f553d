import i18next from 'i18next';
import { useEffect, useMemo } from 'react';
import type { Bootstrap } from '../shared/connection/bootstrap';
import { openBrowserSocket } from '../shared/connection/browser-socket';
import { downloadFile } from '../shared/download-file';
import { useNow } from '../shared/hooks/use-now';
import { describeCameraFault } from '../shared/i18n/camera-fault';
import { useSharedT } from '../shared/i18n/i18n';
import { useWindowSession } from '../shared/session/use-window-session';
import { AuthScreen } from './auth-screens';
import { EntryComposer } from './entry-composer';
import { EntryDetailPanel } from './entry-detail';
import { EntryList } from './entry-list';
import { ExportDialog } from './export-dialog';
import { formatTime } from './format';
import { IntegrityAlert } from './integrity-alert';
import { registerLogbookI18n } from './logbook-i18n';
import { RoomDivergenceBanner } from './room-divergence-banner';
import { createLogbookSession } from './logbook-session';
import { OperatorsPanel } from './operators-panel';
import { ShiftPanel } from './shift-panel';
import { ShiftReportView } from './shift-report-view';
import type { LogbookView } from './store/logbook-store-types';
import {
  selectIntegrityBlocking,
  selectIsAdmin,
  selectOperator,
  selectScreen,
  selectShift,
} from './store/logbook-selectors';
import { createLogbookStore, randomId } from './store/logbook-store';
import { LogbookContext, useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';
import './logbook.css';
import './logbook-lists.css';

// The chunk loads after main.tsx initialised i18next: the logbook's strings join it before any
// component of this window renders.
registerLogbookI18n(i18next);

/** How long a notice stays on screen. */
const NOTICE_MS = 6_000;

/**
 * The main courante window (`view=main-courante`): its own store, its own socket to the core,
 * and the screens of a logbook session (first admin, login, lock, the logbook itself), with
 * the integrity alert above everything.
 */
export function LogbookApp({ bootstrap }: { bootstrap: Bootstrap }) {
  const store = useMemo(() => createLogbookStore({ now: () => new Date(), newId: randomId }), []);
  // Creating the session is side-effect free; the socket only opens in the effect below.
  const session = useMemo(
    () =>
      createLogbookSession(bootstrap, store, {
        now: () => new Date(),
        newId: randomId,
        download: downloadFile,
        describeFault: (draft) =>
          draft.fault
            ? describeCameraFault(i18next.t, draft.fault, {
                number: draft.cameras[0] ?? null,
                place: draft.place,
              })
            : '',
        createSocket: openBrowserSocket,
      }),
    [bootstrap, store],
  );
  // Keyboard and mouse activity postpones the core's inactivity lock.
  const value = useWindowSession(store, session);
  return (
    <LogbookContext.Provider value={value}>
      <LogbookWindow />
    </LogbookContext.Provider>
  );
}

function LogbookWindow() {
  const t = useLogbookT();
  const shared = useSharedT();
  const screen = useLogbook(selectScreen);
  const blocking = useLogbook(selectIntegrityBlocking);
  const integrity = useLogbook((state) => state.integrity?.state);
  const connection = useLogbook((state) => state.connectionState);
  const siteName = useLogbook((state) => state.siteName);
  useEffect(() => {
    document.title = [t('app.title'), siteName].filter(Boolean).join(' — ');
  }, [t, siteName]);

  return (
    <div className="lb-app" data-testid="logbook-app" data-screen={screen}>
      <LogbookHeader />
      {connection === 'lost' && (
        <div className="banner banner--error" role="alert" data-testid="lb-connection-lost">
          {t('app.lost')}
        </div>
      )}
      {integrity === 'broken' && !blocking && (
        <div className="banner banner--error" role="alert" data-testid="integrity-banner">
          {t('integrity.banner')}
        </div>
      )}
      {screen === 'main' && <RoomDivergenceBanner />}
      {integrity === 'verifying' && (
        <div className="banner" data-testid="integrity-verifying">
          {t('integrity.verifying')}
        </div>
      )}
      {screen === 'connecting' && <p className="lb-center lb-muted">{shared('connection.connecting')}</p>}
      {screen === 'unavailable' && <IntegrityAlert />}
      {(screen === 'bootstrap' || screen === 'login' || screen === 'locked') && (
        <AuthScreen screen={screen} />
      )}
      {screen === 'main' && <Workspace />}
      {blocking && <IntegrityAlert />}
      <Notices />
    </div>
  );
}

/** Site, workstation, the operator on duty (always visible), the shift, lock and logout. */
function LogbookHeader() {
  const t = useLogbookT();
  const shared = useSharedT();
  const controller = useController();
  const siteName = useLogbook((state) => state.siteName);
  const workstation = useLogbook((state) => state.workstation);
  const operator = useLogbook(selectOperator);
  const sessionState = useLogbook((state) => state.session?.state);
  const locksAt = useLogbook((state) => state.session?.locksAt ?? null);
  const shift = useLogbook(selectShift);
  const now = useNow();
  const minutes = locksAt === null ? null : Math.max(0, Math.ceil((locksAt - now) / 60_000));
  return (
    <header className="lb-header">
      <span className="lb-header__brand">{t('app.title')}</span>
      <span className="lb-header__site" data-testid="lb-site">
        {siteName}
      </span>
      {workstation && <span className="lb-header__dim">{t('header.workstation', { workstation })}</span>}
      <span className="lb-spacer" />
      {operator && sessionState !== 'none' && (
        <>
          <span className="lb-header__shift" data-testid="lb-shift" data-shift-id={shift?.id ?? ''}>
            {shift
              ? t('header.shiftOpen', { id: shift.id, time: formatTime(shift.openedAt) })
              : t('header.noShift')}
          </span>
          <span
            className={`lb-header__operator lb-header__operator--${sessionState ?? 'none'}`}
            data-testid="lb-operator"
            data-badge={operator.badge}
            data-state={sessionState}
          >
            {t('header.operator', { name: operator.name, badge: operator.badge })} ·{' '}
            {shared(`roles.${operator.role}`)}
          </span>
          {sessionState === 'active' && minutes !== null && minutes <= 5 && (
            <span className="lb-header__dim">{t('header.locksIn', { minutes })}</span>
          )}
          {sessionState === 'active' && (
            <button
              type="button"
              className="button button--small"
              data-testid="lb-lock"
              onClick={() => void controller.lock()}
            >
              {t('header.lock')}
            </button>
          )}
          <button
            type="button"
            className="button button--small"
            data-testid="lb-logout"
            onClick={() => void controller.logout()}
          >
            {t('header.logout')}
          </button>
        </>
      )}
      {!operator && <span className="lb-header__dim">{t('header.noOperator')}</span>}
    </header>
  );
}

const VIEWS: readonly LogbookView[] = ['today', 'open', 'search', 'shift', 'operators'];

/** The logbook once an operator is in: the entry form on the left, the sections on the right. */
function Workspace() {
  const t = useLogbookT();
  const controller = useController();
  const view = useLogbook((state) => state.view);
  const isAdmin = useLogbook(selectIsAdmin);
  const exportOpen = useLogbook((state) => state.exportDraft !== null);
  const reportOpen = useLogbook((state) => state.report !== null);
  const selected = useLogbook((state) => state.selectedEntryId);
  return (
    <div className="lb-workspace">
      <aside className="lb-workspace__compose">
        <EntryComposer />
      </aside>
      <section className="lb-workspace__main">
        <ShiftBanner />
        <nav className="lb-tabs" aria-label={t('nav.label')}>
          {VIEWS.filter((candidate) => candidate !== 'operators' || isAdmin).map((candidate) => (
            <button
              key={candidate}
              type="button"
              className={`lb-tabs__tab${candidate === view ? ' lb-tabs__tab--active' : ''}`}
              aria-current={candidate === view ? 'page' : undefined}
              data-testid={`nav-${candidate}`}
              onClick={() => void controller.views.show(candidate)}
            >
              {t(`nav.${candidate}`)}
            </button>
          ))}
        </nav>
        <div className="lb-workspace__content">
          <div className="lb-workspace__view">
            {(view === 'today' || view === 'open' || view === 'search') && <EntryList />}
            {view === 'shift' && <ShiftPanel />}
            {view === 'operators' && <OperatorsPanel />}
          </div>
          {selected !== null && <EntryDetailPanel />}
        </div>
      </section>
      {exportOpen && <ExportDialog />}
      {reportOpen && <ShiftReportView />}
    </div>
  );
}

/** Without an open shift nothing can be written: say so, and lead to the shift section. */
function ShiftBanner() {
  const t = useLogbookT();
  const controller = useController();
  const current = useLogbook((state) => state.shiftCurrent);
  const operator = useLogbook(selectOperator);
  const view = useLogbook((state) => state.view);
  if (!current || current.shift || view === 'shift') return null;
  const pending = current.pendingHandover;
  const mine = pending && pending.operator.id === operator?.id;
  return (
    <div className="banner banner--attention" data-testid="shift-banner">
      <span>{pending ? (mine ? t('shift.pendingMine') : t('handover.pendingTitle')) : t('shift.none')}</span>
      <button
        type="button"
        className="button button--small button--primary"
        onClick={() => void controller.views.show('shift')}
      >
        {t('nav.shift')}
      </button>
    </div>
  );
}

/** Short confirmations (entry written, draft received from the wall); each goes after a while. */
function Notices() {
  const notices = useLogbook((state) => state.notices);
  const { dismissNotice } = useLogbookActions();
  const t = useLogbookT();
  useEffect(() => {
    if (notices.length === 0) return;
    const timers = notices.map((notice) => setTimeout(() => dismissNotice(notice.id), NOTICE_MS));
    return () => timers.forEach(clearTimeout);
  }, [notices, dismissNotice]);
  if (notices.length === 0) return null;
  return (
    <div className="lb-notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className="lb-notice" data-testid="lb-notice" data-key={notice.key}>
          {t(notice.key, notice.params)}
        </div>
      ))}
    </div>
  );
}
