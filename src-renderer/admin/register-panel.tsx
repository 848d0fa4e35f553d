import { useEffect, type FormEvent } from 'react';
import { FRENCH_DATETIME_INPUT } from '../shared/time/french-input';
import { useAdminT } from './admin-i18n';
import { formatInstant } from './format';
import { SHA256 } from './register-controller';
import { useAdmin, useAdminController } from './use-admin';

/**
 * The extraction register: every requisition an officer (OPJ) served on the centre, what was
 * asked (cameras, period, procedure) and what was handed over, each file with its SHA-256,
 * linked to main courante entries; printed as a PDF for the officer's file. Handed-over files
 * are picked from the snapshots and exports the audit trail saw written, so their hashes are
 * the ones recorded when they were made. The form and the flows are RegisterController's.
 */
export function RegisterPanel() {
  const register = useAdminController().register;
  const cameras = useAdmin((state) => state.cameras);
  const { list, candidates, form, message, busy } = useAdmin((state) => state.register);
  const t = useAdminT();
  const edit = register.edit.bind(register);
  const {
    requestedAt,
    officerName,
    officerQuality,
    officerService,
    procedureRef,
    cameraIds,
    periodFrom,
    periodTo,
    entryIds,
    note,
    picked,
    manual,
    manualFile,
    manualSha,
  } = form;

  useEffect(() => void register.open(), [register]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void register.submit();
  };

  const cameraName = (id: string) => {
    const camera = cameras.find((c) => c.id === id);
    return camera ? `${camera.number} — ${camera.name}` : id;
  };

  return (
    <section className="adm-panel">
      {message && (
        <p className={`callout ${message.ok ? 'callout--ok' : 'callout--error'}`} role="status">
          {message.text}
        </p>
      )}
      <h2>{t('register.list')}</h2>
      {list.length === 0 ? (
        <p className="adm-hint">{t('register.none')}</p>
      ) : (
        <table className="adm-table">
          <thead>
            <tr>
              <th>{t('register.columns.id')}</th>
              <th>{t('register.columns.requestedAt')}</th>
              <th>{t('register.columns.officer')}</th>
              <th>{t('register.columns.procedure')}</th>
              <th>{t('register.columns.cameras')}</th>
              <th>{t('register.columns.items')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>{formatInstant(r.requestedAt)}</td>
                <td>
                  {r.officerName} ({r.officerQuality}) — {r.officerService}
                </td>
                <td>{r.procedureRef}</td>
                <td>{r.cameraIds.map(cameraName).join(', ')}</td>
                <td>
                  {r.items.map((item) => (
                    <div key={item.id} className="adm-item">
                      {t(`register.kind.${item.kind}`)} {item.file.split(/[\\/]/).pop()} —{' '}
                      <code>{item.sha256.slice(0, 16)}…</code> (
                      {item.verified ? t('register.verified') : t('register.declared')})
                    </div>
                  ))}
                </td>
                <td>
                  <button
                    className="button"
                    type="button"
                    onClick={() => void register.pdf(r.id)}
                    disabled={busy}
                  >
                    {t('register.pdf')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('register.create')}</h2>
      <form className="adm-form" onSubmit={submit}>
        <label>
          {t('register.requestedAt')}
          <input
            className="input"
            {...FRENCH_DATETIME_INPUT}
            value={requestedAt}
            onChange={(e) => edit({ requestedAt: e.target.value })}
            required
          />
        </label>
        <label>
          {t('register.officerName')}
          <input
            className="input"
            value={officerName}
            onChange={(e) => edit({ officerName: e.target.value })}
            required
            maxLength={120}
          />
        </label>
        <label>
          {t('register.officerQuality')}
          <input
            className="input"
            value={officerQuality}
            onChange={(e) => edit({ officerQuality: e.target.value })}
            maxLength={80}
          />
        </label>
        <label>
          {t('register.officerService')}
          <input
            className="input"
            value={officerService}
            onChange={(e) => edit({ officerService: e.target.value })}
            required
            maxLength={200}
          />
        </label>
        <label>
          {t('register.procedureRef')}
          <input
            className="input"
            value={procedureRef}
            onChange={(e) => edit({ procedureRef: e.target.value })}
            required
            maxLength={120}
          />
        </label>
        <fieldset>
          <legend>{t('register.cameras')}</legend>
          <div className="adm-checks">
            {cameras.map((c) => (
              <label key={c.id} className="adm-check">
                <input
                  type="checkbox"
                  checked={cameraIds.includes(c.id)}
                  onChange={(e) =>
                    edit({
                      cameraIds: e.target.checked
                        ? [...cameraIds, c.id]
                        : cameraIds.filter((id) => id !== c.id),
                    })
                  }
                />
                {c.number} — {c.name}
              </label>
            ))}
          </div>
        </fieldset>
        <label>
          {t('register.periodFrom')}
          <input
            className="input"
            {...FRENCH_DATETIME_INPUT}
            value={periodFrom}
            onChange={(e) => edit({ periodFrom: e.target.value })}
            required
          />
        </label>
        <label>
          {t('register.periodTo')}
          <input
            className="input"
            {...FRENCH_DATETIME_INPUT}
            value={periodTo}
            onChange={(e) => edit({ periodTo: e.target.value })}
            required
          />
        </label>
        <label>
          {t('register.entryIds')}
          <input
            className="input"
            value={entryIds}
            onChange={(e) => edit({ entryIds: e.target.value })}
            placeholder={t('register.entryIdsHint')}
          />
        </label>
        <label>
          {t('register.note')}
          <textarea
            className="input"
            value={note}
            onChange={(e) => edit({ note: e.target.value })}
            maxLength={4000}
            rows={3}
          />
        </label>
        <fieldset>
          <legend>{t('register.items')}</legend>
          {candidates.length === 0 && <p className="adm-hint">{t('register.noCandidates')}</p>}
          {candidates.map((c) => (
            <label key={`${c.sha256}-${c.at}`} className="adm-check">
              <input
                type="checkbox"
                checked={picked.includes(c.sha256)}
                onChange={() => register.togglePicked(c.sha256)}
              />
              {t(`register.kind.${c.kind}`)} — {formatInstant(c.at)} — {c.file.split(/[\\/]/).pop()} —{' '}
              <code>{c.sha256.slice(0, 16)}…</code>
            </label>
          ))}
          {manual.map((item, index) => (
            <div key={`${item.sha256}-${index}`} className="adm-item">
              {t('register.kind.file')} {item.file} — <code>{item.sha256.slice(0, 16)}…</code>
            </div>
          ))}
          <div className="adm-inline">
            <input
              className="input"
              value={manualFile}
              onChange={(e) => edit({ manualFile: e.target.value })}
              placeholder={t('register.manualFile')}
              aria-label={t('register.manualFile')}
            />
            <input
              className="input"
              value={manualSha}
              onChange={(e) => edit({ manualSha: e.target.value.trim().toLowerCase() })}
              placeholder={t('register.manualSha')}
              aria-label={t('register.manualSha')}
            />
            <button
              className="button"
              type="button"
              disabled={!manualFile.trim() || !SHA256.test(manualSha)}
              onClick={() => register.addManualItem()}
            >
              {t('register.addManual')}
            </button>
          </div>
        </fieldset>
        <div className="adm-actions">
          <button type="submit" className="button button--primary" disabled={busy || cameraIds.length === 0}>
            {t('register.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
