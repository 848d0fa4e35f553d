import i18next from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import type { OperatorRole } from '../../src-shared/contract';
import type { Bootstrap } from '../shared/connection/bootstrap';
import { openBrowserSocket } from '../shared/connection/browser-socket';
import { downloadFile } from '../shared/download-file';
import { useSharedT } from '../shared/i18n/i18n';
import { useWindowSession } from '../shared/session/use-window-session';
import { adminT, registerAdminI18n, useAdminT } from './admin-i18n';
import { createAdminSession } from './admin-session';
import { createAdminStore } from './admin-store';
import { AuditPanel } from './audit-panel';
import { LoginPanel } from './login-panel';
import { MasksPanel } from './masks-panel';
import { RegisterPanel } from './register-panel';
import { RetentionPanel } from './retention-panel';
import { AdminContext, useAdmin, useAdminController } from './use-admin';
import './admin.css';

// The chunk loads after main.tsx initialised i18next: the admin strings join it before any
// component of this window renders.
registerAdminI18n(i18next);

type Tab = 'masks' | 'audit' | 'register' | 'retention';

/**
 * Tabs each role sees. This only spares people buttons that would be refused: the core checks
 * every call against its permission table whatever the window shows.
 */
const TABS: Record<OperatorRole, readonly Tab[]> = {
  operator: [],
  'chef de salle': ['audit', 'register', 'masks', 'retention'],
  admin: ['masks', 'audit', 'register', 'retention'],
};

/**
 * The administration window (`view=admin`): privacy masks, the audit trail, the extraction
 * register and retention. It opens its own socket to the core and logs in through the API, like
 * the other windows of the workstation (whose session it shares); its behaviour is in
 * AdminController, this tree only shows the store.
 */
export function AdminApp({ bootstrap }: { bootstrap: Bootstrap }) {
  const store = useMemo(() => createAdminStore(), []);
  // Creating the session is side-effect free; the socket only opens in the effect below.
  const session = useMemo(
    () =>
      createAdminSession(bootstrap, store, {
        t: adminT(i18next),
        now: () => new Date(),
        download: downloadFile,
        createSocket: openBrowserSocket,
      }),
    [bootstrap, store],
  );
  // Typing or clicking here counts as activity, like in the main courante.
  const value = useWindowSession(store, session);
  return (
    <AdminContext.Provider value={value}>
      <AdminWindow />
    </AdminContext.Provider>
  );
}

function AdminWindow() {
  const t = useAdminT();
  const shared = useSharedT();
  const controller = useAdminController();
  const connectionState = useAdmin((state) => state.connectionState);
  const site = useAdmin((state) => state.site);
  const status = useAdmin((state) => state.session);
  const [tab, setTab] = useState<Tab | null>(null);
  // Only this window's own session opens the panels: the operator on duty's does not.
  const own = status?.scope === 'window' || status?.needsBootstrap === true;
  const operator = status?.state === 'active' && own ? status.operator : null;
  const onDuty = status?.onDuty ?? null;
  const tabs = operator ? TABS[operator.role] : [];
  // The chosen tab, or the role's first one (after a login, or a login as another role).
  const active = tab !== null && tabs.includes(tab) ? tab : (tabs[0] ?? null);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  return (
    <main className="adm" data-testid="admin-app">
      <header className="adm-header">
        <div>
          <h1>{t('title')}</h1>
          {site && (
            <p className="adm-hint">
              {t('subtitle', { site: site.siteName, workstation: site.workstation })}
            </p>
          )}
        </div>
        <p className="adm-hint" data-testid="admin-on-duty">
          {onDuty
            ? t('session.onDuty', {
                name: onDuty.name,
                badge: onDuty.badge,
                role: shared(`roles.${onDuty.role}`),
              })
            : t('session.nobodyOnDuty')}
        </p>
        {operator && (
          <div className="adm-who" data-testid="admin-who">
            <span>
              {t('session.who', {
                name: operator.name,
                badge: operator.badge,
                role: shared(`roles.${operator.role}`),
              })}
            </span>
            <button type="button" className="button" onClick={() => void controller.lock()}>
              {t('session.lock')}
            </button>
            <button type="button" className="button" onClick={() => void controller.logout()}>
              {t('session.logout')}
            </button>
          </div>
        )}
      </header>
      {connectionState !== 'open' && (
        <p className="callout callout--connection" role="alert">
          {connectionState === 'lost' ? shared('connection.lost') : shared('connection.connecting')}
        </p>
      )}
      {status && !operator && <LoginPanel />}
      {operator && tabs.length === 0 && (
        <p className="callout callout--error">
          {t('session.notAllowed', { role: shared(`roles.${operator.role}`) })}
        </p>
      )}
      {operator && tabs.length > 0 && (
        <>
          <nav className="adm-tabs" role="tablist">
            {tabs.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={active === name}
                className={active === name ? 'adm-tab adm-active' : 'adm-tab'}
                onClick={() => setTab(name)}
                data-testid={`admin-tab-${name}`}
              >
                {t(`tabs.${name}`)}
              </button>
            ))}
          </nav>
          {active === 'masks' && <MasksPanel canEdit={operator.role === 'admin'} />}
          {active === 'audit' && <AuditPanel />}
          {active === 'register' && <RegisterPanel />}
          {active === 'retention' && <RetentionPanel canEdit={operator.role === 'admin'} />}
        </>
      )}
    </main>
  );
}
