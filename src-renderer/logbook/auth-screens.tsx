import { useState, type FormEvent } from 'react';
import { ErrorMessage } from './error-message';
import { PinField } from './form-fields';
import { useController, useLogbook, useLogbookT } from './use-logbook';

/**
 * First start: no account exists yet, so the first administrator is created here, with a PIN
 * typed twice. There is no default password to forget to change.
 */
export function BootstrapAdminForm() {
  const t = useLogbookT();
  const controller = useController();
  const busy = useLogbook((state) => state.authBusy);
  const error = useLogbook((state) => state.authError);
  const [name, setName] = useState('');
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pin !== pinAgain) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void controller.bootstrapAdmin({ name: name.trim(), badge: badge.trim(), pin }).then((ok) => {
      if (!ok) {
        setPin('');
        setPinAgain('');
      }
    });
  };

  return (
    <form className="lb-card lb-auth" data-testid="bootstrap-form" onSubmit={submit}>
      <h1 className="lb-auth__title">{t('bootstrap.title')}</h1>
      <p className="lb-auth__intro">{t('bootstrap.intro')}</p>
      <label className="field">
        <span className="field__label">{t('bootstrap.name')}</span>
        <input
          className="input"
          data-testid="bootstrap-name"
          value={name}
          required
          maxLength={100}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('bootstrap.badge')}</span>
        <input
          className="input"
          data-testid="bootstrap-badge"
          value={badge}
          required
          maxLength={32}
          pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"
          autoComplete="off"
          onChange={(event) => setBadge(event.target.value)}
        />
      </label>
      <PinField
        label={t('bootstrap.pin')}
        testId="bootstrap-pin"
        autoComplete="new-password"
        value={pin}
        onChange={setPin}
      />
      <PinField
        label={t('bootstrap.pinAgain')}
        testId="bootstrap-pin-again"
        autoComplete="new-password"
        value={pinAgain}
        onChange={setPinAgain}
      />
      {mismatch && (
        <p className="lb-error" role="alert" data-testid="bootstrap-mismatch">
          {t('bootstrap.pinMismatch')}
        </p>
      )}
      <ErrorMessage error={error} testId="bootstrap-error" />
      <button className="button button--primary" data-testid="bootstrap-submit" disabled={busy}>
        {t('bootstrap.submit')}
      </button>
    </form>
  );
}

/** Badge and PIN; the same form lets the incoming operator take over at a handover. */
export function LoginForm() {
  const t = useLogbookT();
  const controller = useController();
  const busy = useLogbook((state) => state.authBusy);
  const error = useLogbook((state) => state.authError);
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.login(badge.trim(), pin).then(() => setPin(''));
  };

  return (
    <form className="lb-card lb-auth" data-testid="login-form" onSubmit={submit}>
      <h1 className="lb-auth__title">{t('login.title')}</h1>
      <label className="field">
        <span className="field__label">{t('login.badge')}</span>
        <input
          className="input"
          data-testid="login-badge"
          value={badge}
          required
          maxLength={32}
          autoComplete="username"
          autoFocus
          onChange={(event) => setBadge(event.target.value)}
        />
      </label>
      <PinField
        label={t('login.pin')}
        testId="login-pin"
        autoComplete="current-password"
        value={pin}
        onChange={setPin}
      />
      <ErrorMessage error={error} testId="login-error" />
      <button className="button button--primary" data-testid="login-submit" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}

/**
 * The session locked after inactivity (or on purpose): the operator stays on duty and shown,
 * the logbook is hidden, and only their PIN (or another operator's login) opens it again.
 * Drafts stay in the store behind this screen.
 */
export function LockScreen() {
  const t = useLogbookT();
  const controller = useController();
  const operator = useLogbook((state) => state.session?.operator ?? null);
  const busy = useLogbook((state) => state.authBusy);
  const error = useLogbook((state) => state.authError);
  const [pin, setPin] = useState('');
  const [switching, setSwitching] = useState(false);

  if (!operator || switching) return <LoginForm />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.login(operator.badge, pin).then(() => setPin(''));
  };
  return (
    <form className="lb-card lb-auth lb-lock" data-testid="lock-screen" onSubmit={submit}>
      <h1 className="lb-auth__title">{t('lock.title')}</h1>
      <p>{t('lock.text', { name: operator.name, badge: operator.badge })}</p>
      <PinField
        label={t('lock.pin', { name: operator.name })}
        testId="lock-pin"
        autoComplete="current-password"
        autoFocus
        value={pin}
        onChange={setPin}
      />
      <ErrorMessage error={error} testId="lock-error" />
      <p className="lb-muted">{t('lock.kept')}</p>
      <div className="lb-actions">
        <button className="button button--primary" data-testid="lock-submit" disabled={busy}>
          {t('lock.submit')}
        </button>
        <button type="button" className="button" data-testid="lock-switch" onClick={() => setSwitching(true)}>
          {t('lock.switch')}
        </button>
      </div>
    </form>
  );
}

/** The screen before the logbook: first admin, login, or the lock screen. */
export function AuthScreen({ screen }: { screen: 'bootstrap' | 'login' | 'locked' }) {
  return (
    <div className="lb-center">
      {screen === 'bootstrap' && <BootstrapAdminForm />}
      {screen === 'login' && <LoginForm />}
      {screen === 'locked' && <LockScreen />}
    </div>
  );
}
