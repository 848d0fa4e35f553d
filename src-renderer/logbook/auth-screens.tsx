import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from './error-message';
import { PinField, TextField } from './form-fields';
import { useController, useLogbook, useLogbookT } from './use-logbook';

/**
 * One card of the screen before the logbook: its title, its fields, the core's refusal and the
 * submit button, disabled while the core answers. `after` goes under the refusal; `secondary`
 * beside the submit button.
 */
function AuthForm(props: {
  name: 'bootstrap' | 'login' | 'lock';
  testId: string;
  className?: string;
  onSubmit(): void;
  children: ReactNode;
  after?: ReactNode;
  secondary?: ReactNode;
}) {
  const t = useLogbookT();
  const busy = useLogbook((state) => state.authBusy);
  const error = useLogbook((state) => state.authError);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  const button = (
    <button className="button button--primary" data-testid={`${props.name}-submit`} disabled={busy}>
      {t(`${props.name}.submit`)}
    </button>
  );
  return (
    <form
      className={props.className ? `lb-card lb-auth ${props.className}` : 'lb-card lb-auth'}
      data-testid={props.testId}
      onSubmit={submit}
    >
      <h1 className="lb-auth__title">{t(`${props.name}.title`)}</h1>
      {props.children}
      <ErrorMessage error={error} testId={`${props.name}-error`} />
      {props.after}
      {props.secondary ? (
        <div className="lb-actions">
          {button}
          {props.secondary}
        </div>
      ) : (
        button
      )}
    </form>
  );
}

/**
 * First start: no account exists yet, so the first administrator is created here, with a PIN
 * typed twice. There is no default password to forget to change.
 */
export function BootstrapAdminForm() {
  const t = useLogbookT();
  const controller = useController();
  const [name, setName] = useState('');
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const submit = () => {
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
    <AuthForm name="bootstrap" testId="bootstrap-form" onSubmit={submit}>
      <p className="lb-auth__intro">{t('bootstrap.intro')}</p>
      <TextField
        label={t('bootstrap.name')}
        testId="bootstrap-name"
        value={name}
        required
        maxLength={100}
        autoComplete="off"
        onChange={setName}
      />
      <TextField
        label={t('bootstrap.badge')}
        testId="bootstrap-badge"
        value={badge}
        required
        maxLength={32}
        pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"
        autoComplete="off"
        onChange={setBadge}
      />
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
    </AuthForm>
  );
}

/** Badge and PIN; the same form lets the incoming operator take over at a handover. */
export function LoginForm() {
  const t = useLogbookT();
  const controller = useController();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');

  const submit = () => void controller.login(badge.trim(), pin).then(() => setPin(''));

  return (
    <AuthForm name="login" testId="login-form" onSubmit={submit}>
      <TextField
        label={t('login.badge')}
        testId="login-badge"
        value={badge}
        required
        maxLength={32}
        autoComplete="username"
        autoFocus
        onChange={setBadge}
      />
      <PinField
        label={t('login.pin')}
        testId="login-pin"
        autoComplete="current-password"
        value={pin}
        onChange={setPin}
      />
    </AuthForm>
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
  const [pin, setPin] = useState('');
  const [switching, setSwitching] = useState(false);

  if (!operator || switching) return <LoginForm />;
  const submit = () => void controller.login(operator.badge, pin).then(() => setPin(''));
  return (
    <AuthForm
      name="lock"
      testId="lock-screen"
      className="lb-lock"
      onSubmit={submit}
      after={<p className="lb-muted">{t('lock.kept')}</p>}
      secondary={
        <button type="button" className="button" data-testid="lock-switch" onClick={() => setSwitching(true)}>
          {t('lock.switch')}
        </button>
      }
    >
      <p>{t('lock.text', { name: operator.name, badge: operator.badge })}</p>
      <PinField
        label={t('lock.pin', { name: operator.name })}
        testId="lock-pin"
        autoComplete="current-password"
        autoFocus
        value={pin}
        onChange={setPin}
      />
    </AuthForm>
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
