import { useEffect, type FormEvent } from 'react';
import { RETENTION_MAX_DAYS } from '../../src-shared/contract';
import { useAdminT } from './admin-i18n';
import { formatInstant } from './format';
import { useAdmin, useAdminController } from './use-admin';

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
          className="input"
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
 * in the audit chain. Snapshots listed in the extraction register are kept. The flows are
 * RetentionController's.
 */
export function RetentionPanel({ canEdit }: { canEdit: boolean }) {
  const retention = useAdminController().retention;
  const { status, snapshots, exports, message, busy } = useAdmin((state) => state.retention);
  const t = useAdminT();

  useEffect(() => void retention.open(), [retention]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void retention.save();
  };

  const last = status?.lastPurge;
  return (
    <section className="adm-panel">
      <p className="adm-hint">{canEdit ? t('retention.intro') : t('retention.readOnly')}</p>
      <form className="adm-stack" onSubmit={save}>
        <DaysField
          label={t('retention.snapshots')}
          value={snapshots}
          onChange={(value) => retention.edit({ snapshots: value })}
          disabled={!canEdit}
          testId="retention-snapshots"
        />
        {status && <p className="adm-hint">{t('retention.folder', { path: status.snapshotsDir })}</p>}
        <DaysField
          label={t('retention.auditExports')}
          value={exports}
          onChange={(value) => retention.edit({ exports: value })}
          disabled={!canEdit}
          testId="retention-exports"
        />
        {status && <p className="adm-hint">{t('retention.folder', { path: status.auditExportsDir })}</p>}
        {canEdit && (
          <div className="adm-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('retention.save')}
            </button>
            <button
              className="button"
              type="button"
              onClick={() => void retention.purge()}
              disabled={busy}
              data-testid="retention-purge"
            >
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
        <p
          className={`callout ${message.ok ? 'callout--ok' : 'callout--error'}`}
          role="status"
          data-testid="retention-status"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
