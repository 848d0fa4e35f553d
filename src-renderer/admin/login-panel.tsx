import { useState, type FormEvent } from 'react';
import { useAdminT } from './admin-i18n';
import { useAdmin, useAdminController } from './use-admin';

/**
 * Logging in through the API (`session.login`), unlocking a locked session with the PIN of the
 * operator on duty, or, on a fresh workstation, creating the first admin. The core decides
 * everything (throttling, roles); this form only says what it answered.
 */
export function LoginPanel() {
  const t = useAdminT();
  const controller = useAdminController();
  const status = useAdmin((state) => state.session);
  const { busy, error } = useAdmin((state) => state.login);
  // Unlocking is for this window's own session; the operator on duty's is not the admin's to open.
  const locked = status?.state === 'locked' && status.operator !== null && status.scope === 'window';
  const [switching, setSwitching] = useState(false);
  const [name, setName] = useState('');
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const bootstrap = status?.needsBootstrap ?? false;
  const unlocking = locked && !switching;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const work = bootstrap
      ? controller.bootstrap(name, badge, pin)
      : controller.login(unlocking ? (status?.operator?.badge ?? badge) : badge, pin);
    void work.then(() => setPin(''));
  };

  const title = bootstrap
    ? t('session.bootstrapTitle')
    : unlocking
      ? t('session.unlockTitle')
      : t('session.loginTitle');
  const hint = bootstrap
    ? t('session.bootstrapHint')
    : unlocking
      ? t('session.unlockHint', { name: status?.operator?.name ?? '' })
      : t('session.loginHint');

  return (
    <form className="adm-login" onSubmit={submit} data-testid="admin-login">
      <h2>{title}</h2>
      <p className="adm-hint">{hint}</p>
      {bootstrap && <LoginField label={t('session.name')} value={name} onChange={setName} />}
      {!unlocking && (
        <LoginField label={t('session.badge')} value={badge} onChange={setBadge} testId="admin-badge" />
      )}
      <LoginField label={t('session.pin')} value={pin} onChange={setPin} testId="admin-pin" pin />
      {error && (
        <p className="callout callout--error" role="alert">
          {error}
        </p>
      )}
      <div className="adm-actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={busy}
          data-testid="admin-login-submit"
        >
          {bootstrap ? t('session.bootstrap') : unlocking ? t('session.unlock') : t('session.login')}
        </button>
        {unlocking && (
          <button type="button" className="button" onClick={() => setSwitching(true)}>
            {t('session.other')}
          </button>
        )}
      </div>
    </form>
  );
}

/** One required field of the form; a PIN is hidden, on the numeric keypad. */
function LoginField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
  pin?: boolean;
}) {
  return (
    <label>
      {props.label}
      <input
        className="input"
        type={props.pin ? 'password' : undefined}
        inputMode={props.pin ? 'numeric' : undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete="off"
        required
        data-testid={props.testId}
      />
    </label>
  );
}
