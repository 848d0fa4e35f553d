import { useEffect, useState } from 'react';
import type { OperatorRole } from '../../src-shared/contract';
import type { Bootstrap } from '../connection/bootstrap';
import { AdminConnectionContext, useAdminConnection } from './admin-api';
import { registerAdminTranslations, useAdminT, type AdminKey } from './admin-i18n';
import { AuditPanel } from './audit-panel';
import { LoginPanel } from './login-panel';
import { MasksPanel } from './masks-panel';
import { RegisterPanel } from './register-panel';
import { RetentionPanel } from './retention-panel';
import { useAdminSession } from './use-admin-session';
import './admin.css';

registerAdminTranslations();

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
 * the other windows of the workstation (whose session it shares).
 */
export function AdminApp({ bootstrap }: { bootstrap: Bootstrap }) {
  const admin = useAdminConnection(bootstrap);
  const session = useAdminSession(admin);
  const t = useAdminT();
  const [tab, setTab] = useState<Tab | null>(null);
  const status = session.status;
  const operator = status?.state === 'active' ? status.operator : null;
  const tabs = operator ? TABS[operator.role] : [];
  // The chosen tab, or the role's first one (after a login, or a login as another role).
  const active = tab !== null && tabs.includes(tab) ? tab : (tabs[0] ?? null);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  return (
    <AdminConnectionContext.Provider value={admin}>
      <main className="adm" data-testid="admin-app">
        <header className="adm-header">
          <div>
            <h1>{t('title')}</h1>
            {admin.welcome && (
              <p className="adm-hint">
                {t('subtitle', { site: admin.welcome.siteName, workstation: admin.welcome.workstation })}
              </p>
            )}
          </div>
          {operator && (
            <div className="adm-who" data-testid="admin-who">
              <span>
                {t('session.who', {
                  name: operator.name,
                  badge: operator.badge,
                  role: t(`roles.${operator.role}` as AdminKey),
                })}
              </span>
              <button type="button" onClick={() => void session.lock()}>
                {t('session.lock')}
              </button>
              <button type="button" onClick={() => void session.logout()}>
                {t('session.logout')}
              </button>
            </div>
          )}
        </header>
        {admin.state !== 'open' && (
          <p className="adm-banner" role="alert">
            {admin.state === 'lost' ? t('connection.lost') : t('connection.connecting')}
          </p>
        )}
        {status && !operator && <LoginPanel session={session} />}
        {operator && tabs.length === 0 && (
          <p className="adm-error">
            {t('session.notAllowed', { role: t(`roles.${operator.role}` as AdminKey) })}
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
    </AdminConnectionContext.Provider>
  );
}
