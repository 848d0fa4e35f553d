// The theme first: every app's sheet comes after it in the bundle, so theirs win ties.
import './shared/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BootstrapError } from './shared/components/bootstrap-error';
import { loadBootstrap } from './shared/connection/load-bootstrap';
import { initI18n } from './shared/i18n/i18n';
import { createVigieStore } from './wall/store/vigie-store';
import { WallApp } from './wall/wall-app';
import { registerWallI18n } from './wall/wall-i18n';

/**
 * Entry point: translations first (so nothing renders untranslated), then the bootstrap (preload
 * or page address), then the window's app (`view` query parameter) with its own state. This file
 * is the only one that knows all three apps (wall/, logbook/, admin/); they share only shared/.
 */
async function main(): Promise<void> {
  const i18n = initI18n();
  document.documentElement.lang = i18n.language;
  document.title = i18n.t('app.name');
  const container = document.getElementById('root');
  if (!container) throw new Error('#root missing from index.html');
  const root = createRoot(container);
  const result = await loadBootstrap();
  if (!result.ok) {
    root.render(
      <StrictMode>
        <BootstrapError error={result.error} />
      </StrictMode>,
    );
    return;
  }
  // One page, three windows: the wall (default), the main courante and administration. Each is
  // its own bundle chunk, loaded only where it is used.
  const view = new URLSearchParams(window.location.search).get('view');
  if (view === 'main-courante') {
    const { LogbookApp } = await import('./logbook/logbook-app');
    root.render(
      <StrictMode>
        <LogbookApp bootstrap={result.bootstrap} />
      </StrictMode>,
    );
    return;
  }
  if (view === 'admin') {
    const { AdminApp } = await import('./admin/admin-app');
    root.render(
      <StrictMode>
        <AdminApp bootstrap={result.bootstrap} />
      </StrictMode>,
    );
    return;
  }
  registerWallI18n(i18n);
  const store = createVigieStore({ display: result.bootstrap.display });
  root.render(
    <StrictMode>
      <WallApp bootstrap={result.bootstrap} store={store} />
    </StrictMode>,
  );
}

void main();
