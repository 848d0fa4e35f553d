import { useEffect, useState, type FormEvent } from 'react';
import { RETENTION_MAX_DAYS, type RetentionStatus } from '../../src-shared/contract';
import { callOutcome, useAdmin } from './admin-api';
import { useAdminT } from './admin-i18n';
import { formatInstant } from './format';
import { useErrorText } from './use-error-text';

/** One retention duration: a number of days, or "no limit" (null). */
function DaysField({
  label,
  value,
  onChange,
  disabled,
  testId,
}: {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  disabled: boolean;
  testId: string;
}) {
  const t = useAdminT();
  return (
    <div className="adm-inline">
      <label>
        {label}
        <input
          type="number"
          min={1}
          max={RETENTION_MAX_DAYS}
          value={value ?? ''}
          disabled={disabled || value === null}
          onChange={(e) => onChange(Math.max(1, Math.min(RETENTION_MAX_DAYS, Number(e.target.value) || 1)))}
          data-testid={testId}
        />
      </label>
      <label className="adm-check">
        <input
          type="checkbox"
          checked={value === null}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked ? null : 30)}
        />
        {t('retention.unlimited')}
      </label>
    </div>
  );
}

/**
 * Retention of snapshots and audit exports (admin only; chiefs read it), and the purge: the
 * core deletes expired files daily and on demand, hashing each one first and recording the lot
 * in the audit chain. Snapshots listed in the extraction register are kept.
 */
export function RetentionPanel({ canEdit }: { canEdit: boolean }) {
  const { connection } = useAdmin();
  const t = useAdminT();
  const errorText = useErrorText();
  const [status, setStatus] = useState<RetentionStatus | null>(null);
  const [snapshots, setSnapshots] = useState<number | null>(30);
  const [exports, setExports] = useState<number | null>(180);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (next: RetentionStatus) => {
    setStatus(next);
    setSnapshots(next.settings.snapshotsDays);
    setExports(next.settings.auditExportsDays);
  };

  useEffect(() => {
    callOutcome(connection, 'retention.get', {}).then(show, (error: unknown) =>
      setMessage({ ok: false, text: errorText(error) }),
    );
  }, [connection, errorText]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    callOutcome(connection, 'retention.set', { snapshotsDays: snapshots, auditExportsDays: exports })
      .then(
        (next) => {
          show(next);
          setMessage({ ok: true, text: t('retention.saved') });
        },
        (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
      )
      .finally(() => setBusy(false));
  };

  const purge = () => {
    setBusy(true);
    setMessage(null);
    callOutcome(connection, 'retention.purge', {})
      .then(
        (report) => {
          setMessage({
            ok: report.failures.length === 0,
            text: t('retention.purged', {
              snapshots: report.snapshots.deleted,
              exports: report.auditExports.deleted,
              held: report.snapshots.held,
              failures: report.failures.length,
            }),
          });
          return callOutcome(connection, 'retention.get', {}).then(show);
        },
        (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
      )
      .finally(() => setBusy(false));
  };

  const last = status?.lastPurge;
  return (
    <section className="adm-panel">
      <p className="adm-hint">{canEdit ? t('retention.intro') : t('retention.readOnly')}</p>
      <form className="adm-stack" onSubmit={save}>
        <DaysField
          label={t('retention.snapshots')}
          value={snapshots}
          onChange={setSnapshots}
          disabled={!canEdit}
          testId="retention-snapshots"
        />
        {status && <p className="adm-hint">{t('retention.folder', { path: status.snapshotsDir })}</p>}
        <DaysField
          label={t('retention.auditExports')}
          value={exports}
          onChange={setExports}
          disabled={!canEdit}
          testId="retention-exports"
        />
        {status && <p className="adm-hint">{t('retention.folder', { path: status.auditExportsDir })}</p>}
        {canEdit && (
          <div className="adm-actions">
            <button type="submit" className="adm-primary" disabled={busy}>
              {t('retention.save')}
            </button>
            <button type="button" onClick={purge} disabled={busy} data-testid="retention-purge">
              {t('retention.purge')}
            </button>
          </div>
        )}
      </form>
      <p className="adm-hint">
        {last
          ? t('retention.lastPurge', {
              at: formatInstant(last.at),
              trigger: t(`retention.trigger.${last.trigger}`),
              snapshots: last.snapshots.deleted,
              exports: last.auditExports.deleted,
            })
          : t('retention.neverPurged')}
      </p>
      {message && (
        <p className={message.ok ? 'adm-ok' : 'adm-error'} role="status" data-testid="retention-status">
          {message.text}
        </p>
      )}
    </section>
  );
}
