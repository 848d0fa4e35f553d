import { useEffect, type FormEvent } from 'react';
import { FRENCH_DATETIME_INPUT } from '../shared/time/french-input';
import { AuditActionSchema, type AuditAction } from '../../src-shared/contract';
import { useAdminT, type AdminKey } from './admin-i18n';
import { NOBODY } from './audit-controller';
import { detailsLine, formatDuration, formatInstant } from './format';
import { useAdmin, useAdminController } from './use-admin';

/** The translation key of an action (`tile.start` → `actions.tile.start`). */
export function actionKey(action: AuditAction): AdminKey {
  return `actions.${action}` as AdminKey;
}

/**
 * The audit trail for the room chief and admins: filters (period, operator, action, camera),
 * newest first with paging, CSV and PDF exports (saved by the core, which records the export
 * itself) and a check of the chain. The flows are AuditController's.
 */
export function AuditPanel() {
  const audit = useAdminController().audit;
  const cameras = useAdmin((state) => state.cameras);
  const { form, operators, events, nextBefore, message, busy } = useAdmin((state) => state.audit);
  const t = useAdminT();
  const { from, to, operator, action, cameraId } = form;
  const edit = audit.editFilter.bind(audit);

  useEffect(() => void audit.open(), [audit]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void audit.search();
  };

  const cameraName = (id: string | null) => {
    if (!id) return '';
    const camera = cameras.find((c) => c.id === id);
    return camera ? `${camera.number} — ${camera.name}` : id;
  };

  return (
    <section className="adm-panel">
      <form className="adm-filters" onSubmit={submit}>
        <label>
          {t('audit.from')}
          <input
            className="input"
            {...FRENCH_DATETIME_INPUT}
            value={from}
            onChange={(e) => edit({ from: e.target.value })}
          />
        </label>
        <label>
          {t('audit.to')}
          <input
            className="input"
            {...FRENCH_DATETIME_INPUT}
            value={to}
            onChange={(e) => edit({ to: e.target.value })}
          />
        </label>
        <label>
          {t('audit.operator')}
          <select className="input" value={operator} onChange={(e) => edit({ operator: e.target.value })}>
            <option value="">{t('audit.anyOperator')}</option>
            <option value={NOBODY}>{t('audit.unattributed')}</option>
            {operators.map((o) => (
              <option key={o.id} value={o.badge}>
                {o.name} ({o.badge})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.action')}
          <select
            className="input"
            value={action}
            onChange={(e) => edit({ action: e.target.value })}
            data-testid="audit-action"
          >
            <option value="">{t('audit.anyAction')}</option>
            {AuditActionSchema.options.map((a) => (
              <option key={a} value={a}>
                {t(actionKey(a))}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.camera')}
          <select className="input" value={cameraId} onChange={(e) => edit({ cameraId: e.target.value })}>
            <option value="">{t('audit.anyCamera')}</option>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number} — {c.name}
              </option>
            ))}
          </select>
        </label>
        <div className="adm-actions">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="audit-search">
            {t('audit.search')}
          </button>
          <button className="button" type="button" onClick={() => void audit.export('csv')} disabled={busy}>
            {t('audit.exportCsv')}
          </button>
          <button className="button" type="button" onClick={() => void audit.export('pdf')} disabled={busy}>
            {t('audit.exportPdf')}
          </button>
          <button className="button" type="button" onClick={() => void audit.verify()} disabled={busy}>
            {t('audit.verify')}
          </button>
        </div>
      </form>
      {message && (
        <p className={`callout ${message.ok ? 'callout--ok' : 'callout--error'}`} role="status">
          {message.text}
        </p>
      )}
      {events.length === 0 ? (
        <p className="adm-hint">{t('audit.empty')}</p>
      ) : (
        <table className="adm-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('audit.columns.at')}</th>
              <th>{t('audit.columns.operator')}</th>
              <th>{t('audit.columns.action')}</th>
              <th>{t('audit.columns.camera')}</th>
              <th>{t('audit.columns.duration')}</th>
              <th>{t('audit.columns.details')}</th>
              <th>{t('audit.columns.chain')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr
                key={event.id}
                data-action={event.action}
                className={event.action === 'permission.denied' ? 'adm-denied' : ''}
              >
                <td>{formatInstant(event.at)}</td>
                <td>{event.operator ? `${event.operator.name} (${event.operator.badge})` : t('nobody')}</td>
                <td>{t(actionKey(event.action))}</td>
                <td>{cameraName(event.cameraId)}</td>
                <td>{formatDuration(event.durationMs, t)}</td>
                <td className="adm-details">{detailsLine(event.details)}</td>
                <td>{event.chain ? `n° ${event.chain.seq}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== null && (
        <button
          className="button"
          type="button"
          onClick={() => void audit.search(nextBefore)}
          disabled={busy}
        >
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
