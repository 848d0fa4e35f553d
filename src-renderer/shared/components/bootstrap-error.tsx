import { useTranslation } from 'react-i18next';
import type { BootstrapError as BootstrapErrorCode } from '../connection/bootstrap';

const MESSAGE_KEYS = {
  'missing-token': 'bootstrap.missingToken',
  'invalid-display': 'bootstrap.invalidDisplay',
  'invalid-bridge': 'bootstrap.invalidBridge',
  'no-server': 'bootstrap.noServer',
} as const satisfies Record<BootstrapErrorCode, string>;

/**
 * Shown instead of the wall when the window cannot know where its core is. A clear sentence beats
 * an endless "Connexion…" when the fix is to reopen the right link.
 */
export function BootstrapError({ error }: { error: BootstrapErrorCode }) {
  const { t } = useTranslation();
  return (
    <div className="bootstrap-error" role="alert" data-testid="bootstrap-error" data-error={error}>
      <h1 className="bootstrap-error__title">{t('bootstrap.title')}</h1>
      <p className="bootstrap-error__message">{t(MESSAGE_KEYS[error])}</p>
    </div>
  );
}
