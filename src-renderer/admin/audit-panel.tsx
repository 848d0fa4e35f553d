import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  AuditActionSchema,
  type AuditAction,
  type AuditEvent,
  type AuditFilter,
  type OperatorSummary,
} from '../../src-shared/contract';
import { callOutcome, downloadBase64, useAdmin } from './admin-api';
import { useAdminT, type AdminKey } from './admin-i18n';
import { detailsLine, formatDuration, formatInstant, fromLocalInput } from './format';
import { useErrorText } from './use-error-text';

const NOBODY = '__nobody__';

/** The translation key of an action (`tile.start` → `actions.tile.start`). */
export function actionKey(action: AuditAction): AdminKey {
  return `actions.${action}` as AdminKey;
}

/**
 * The audit trail for the room chief and admins: filters (period, operator, action, camera),
 * newest first with paging, CSV and PDF exports (saved by the core, which records the export
 * itself) and a check of the chain.
 */
export function AuditPanel() {
  const { connection, cameras } = useAdmin();
  const t = useAdminT();
  const errorText = useErrorText();
  const [operators, setOperators] = useState<OperatorSummary[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [operator, setOperator] = useState('');
  const [action, setAction] = useState('');
  const [cameraId, setCameraId] = useState('');
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const filter = useCallback((): AuditFilter => {
    const result: AuditFilter = {};
    const fromIso = fromLocalInput(from);
    const toIso = fromLocalInput(to);
    if (fromIso) result.from = fromIso;
    if (toIso) result.to = toIso;
    if (operator === NOBODY) result.unattributed = true;
    else if (operator) result.operatorBadge = operator;
    if (action) result.actions = [action as AuditAction];
    if (cameraId) result.cameraId = cameraId;
    return result;
  }, [from, to, operator, action, cameraId]);

  const query = useCallback(
    (params: AuditFilter, before?: number) =>
      callOutcome(connection, 'audit.query', { ...params, limit: 100, before }).then(
        (page) => {
          setEvents((current) => (before ? [...current, ...page.events] : page.events));
          setNextBefore(page.nextBefore);
        },
        (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
      ),
    [connection, errorText],
  );

  const search = (before?: number) => {
    setBusy(true);
    void query(filter(), before).finally(() => setBusy(false));
  };

  useEffect(() => {
    callOutcome(connection, 'operators.list', {}).then(setOperators, () => undefined);
    void query({});
  }, [connection, query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    search();
  };

  const exportAs = (format: 'csv' | 'pdf') => {
    setBusy(true);
    setMessage(null);
    callOutcome(connection, 'audit.export', { filter: filter(), format })
      .then(
        (file) => {
          downloadBase64(file.base64, file.fileName, file.mime);
          setMessage({
            ok: true,
            text: t('audit.exported', { path: file.path, count: file.count, sha256: file.sha256 }),
          });
        },
        (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
      )
      .finally(() => setBusy(false));
  };

  const verify = () => {
    setBusy(true);
    setMessage(null);
    callOutcome(connection, 'audit.verify', {})
      .then(
        (result) =>
          setMessage(
            result.ok
              ? {
                  ok: true,
                  text: t('audit.verifyOk', { records: result.records, seq: result.head?.seq ?? 0 }),
                }
              : { ok: false, text: t('audit.verifyBroken', { message: result.broken?.message ?? '' }) },
          ),
        (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
      )
      .finally(() => setBusy(false));
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
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('audit.to')}
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('audit.operator')}
          <select value={operator} onChange={(e) => setOperator(e.target.value)}>
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
          <select value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-action">
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
          <select value={cameraId} onChange={(e) => setCameraId(e.target.value)}>
            <option value="">{t('audit.anyCamera')}</option>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number} — {c.name}
              </option>
            ))}
          </select>
        </label>
        <div className="adm-actions">
          <button type="submit" className="adm-primary" disabled={busy} data-testid="audit-search">
            {t('audit.search')}
          </button>
          <button type="button" onClick={() => exportAs('csv')} disabled={busy}>
            {t('audit.exportCsv')}
          </button>
          <button type="button" onClick={() => exportAs('pdf')} disabled={busy}>
            {t('audit.exportPdf')}
          </button>
          <button type="button" onClick={verify} disabled={busy}>
            {t('audit.verify')}
          </button>
        </div>
      </form>
      {message && (
        <p className={message.ok ? 'adm-ok' : 'adm-error'} role="status">
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
        <button type="button" onClick={() => search(nextBefore)} disabled={busy}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
