import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { HandoverCandidate, Requisition } from '../../src-shared/contract';

/** An item as the request carries it (the contract's defaults filled in). */
interface Item {
  kind: 'snapshot' | 'export' | 'file';
  file: string;
  sha256: string;
  cameraId: string | null;
  description: string;
}
import { callOutcome, downloadBase64, useAdmin } from './admin-api';
import { useAdminT } from './admin-i18n';
import { formatInstant, fromLocalInput, toLocalInput } from './format';
import { useErrorText } from './use-error-text';

const SHA256 = /^[0-9a-f]{64}$/;

/** Main courante entry numbers typed as "12, 15 18". */
function parseEntryIds(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const ids = parts.map(Number);
  return ids.every((id) => Number.isInteger(id) && id > 0) ? ids : null;
}

/**
 * The extraction register: every requisition an officer (OPJ) served on the centre, what was
 * asked (cameras, period, procedure) and what was handed over, each file with its SHA-256,
 * linked to main courante entries; printed as a PDF for the officer's file. Handed-over files
 * are picked from the snapshots and exports the audit trail saw written, so their hashes are
 * the ones recorded when they were made.
 */
export function RegisterPanel() {
  const { connection, cameras } = useAdmin();
  const t = useAdminT();
  const errorText = useErrorText();
  const [list, setList] = useState<Requisition[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const now = new Date();
  const [requestedAt, setRequestedAt] = useState(toLocalInput(now));
  const [officerName, setOfficerName] = useState('');
  const [officerQuality, setOfficerQuality] = useState('OPJ');
  const [officerService, setOfficerService] = useState('');
  const [procedureRef, setProcedureRef] = useState('');
  const [cameraIds, setCameraIds] = useState<string[]>([]);
  const [periodFrom, setPeriodFrom] = useState(toLocalInput(new Date(now.getTime() - 3600_000)));
  const [periodTo, setPeriodTo] = useState(toLocalInput(now));
  const [entryIds, setEntryIds] = useState('');
  const [note, setNote] = useState('');
  const [candidates, setCandidates] = useState<HandoverCandidate[]>([]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [manual, setManual] = useState<Item[]>([]);
  const [manualFile, setManualFile] = useState('');
  const [manualSha, setManualSha] = useState('');

  const reload = useCallback(() => {
    callOutcome(connection, 'register.list', { limit: 100 }).then(setList, (error: unknown) =>
      setMessage({ ok: false, text: errorText(error) }),
    );
  }, [connection, errorText]);

  useEffect(() => {
    reload();
    // Files written in the last 30 days: the usual window of a requisition.
    const from = new Date(Date.now() - 30 * 24 * 3600_000).toISOString();
    callOutcome(connection, 'register.candidates', { from }).then(setCandidates, () => undefined);
  }, [connection, reload]);

  const toggle = (sha: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(sha)) next.delete(sha);
      else next.add(sha);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entries = parseEntryIds(entryIds);
    const requested = fromLocalInput(requestedAt);
    const start = fromLocalInput(periodFrom);
    const end = fromLocalInput(periodTo);
    if (!entries || !requested || !start || !end) {
      setMessage({ ok: false, text: t('errors.invalid', { message: t('register.entryIdsHint') }) });
      return;
    }
    const items: Item[] = [
      ...candidates
        .filter((c) => picked.has(c.sha256))
        .map((c) => ({
          kind: c.kind,
          file: c.file,
          sha256: c.sha256,
          cameraId: c.cameraId,
          description: '',
        })),
      ...manual,
    ];
    setBusy(true);
    setMessage(null);
    callOutcome(connection, 'register.create', {
      requestedAt: requested,
      officerName,
      officerQuality,
      officerService,
      procedureRef,
      cameraIds,
      periodFrom: start,
      periodTo: end,
      entryIds: entries,
      note,
      items,
    })
      .then(
        (created) => {
          setMessage({ ok: true, text: t('register.created', { id: created.id }) });
          setPicked(new Set());
          setManual([]);
          reload();
        },
        (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
      )
      .finally(() => setBusy(false));
  };

  const pdf = (id: number) => {
    setBusy(true);
    callOutcome(connection, 'register.export', { id })
      .then(
        (file) => {
          downloadBase64(file.base64, file.fileName, file.mime);
          setMessage({ ok: true, text: t('register.pdfDone', { path: file.path, sha256: file.sha256 }) });
        },
        (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
      )
      .finally(() => setBusy(false));
  };

  const cameraName = (id: string) => {
    const camera = cameras.find((c) => c.id === id);
    return camera ? `${camera.number} — ${camera.name}` : id;
  };

  return (
    <section className="adm-panel">
      {message && (
        <p className={message.ok ? 'adm-ok' : 'adm-error'} role="status">
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
                  <button type="button" onClick={() => pdf(r.id)} disabled={busy}>
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
            type="datetime-local"
            value={requestedAt}
            onChange={(e) => setRequestedAt(e.target.value)}
            required
          />
        </label>
        <label>
          {t('register.officerName')}
          <input
            value={officerName}
            onChange={(e) => setOfficerName(e.target.value)}
            required
            maxLength={120}
          />
        </label>
        <label>
          {t('register.officerQuality')}
          <input value={officerQuality} onChange={(e) => setOfficerQuality(e.target.value)} maxLength={80} />
        </label>
        <label>
          {t('register.officerService')}
          <input
            value={officerService}
            onChange={(e) => setOfficerService(e.target.value)}
            required
            maxLength={200}
          />
        </label>
        <label>
          {t('register.procedureRef')}
          <input
            value={procedureRef}
            onChange={(e) => setProcedureRef(e.target.value)}
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
                    setCameraIds((ids) =>
                      e.target.checked ? [...ids, c.id] : ids.filter((id) => id !== c.id),
                    )
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
            type="datetime-local"
            value={periodFrom}
            onChange={(e) => setPeriodFrom(e.target.value)}
            required
          />
        </label>
        <label>
          {t('register.periodTo')}
          <input
            type="datetime-local"
            value={periodTo}
            onChange={(e) => setPeriodTo(e.target.value)}
            required
          />
        </label>
        <label>
          {t('register.entryIds')}
          <input
            value={entryIds}
            onChange={(e) => setEntryIds(e.target.value)}
            placeholder={t('register.entryIdsHint')}
          />
        </label>
        <label>
          {t('register.note')}
          <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} rows={3} />
        </label>
        <fieldset>
          <legend>{t('register.items')}</legend>
          {candidates.length === 0 && <p className="adm-hint">{t('register.noCandidates')}</p>}
          {candidates.map((c) => (
            <label key={`${c.sha256}-${c.at}`} className="adm-check">
              <input type="checkbox" checked={picked.has(c.sha256)} onChange={() => toggle(c.sha256)} />
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
              value={manualFile}
              onChange={(e) => setManualFile(e.target.value)}
              placeholder={t('register.manualFile')}
              aria-label={t('register.manualFile')}
            />
            <input
              value={manualSha}
              onChange={(e) => setManualSha(e.target.value.trim().toLowerCase())}
              placeholder={t('register.manualSha')}
              aria-label={t('register.manualSha')}
            />
            <button
              type="button"
              disabled={!manualFile.trim() || !SHA256.test(manualSha)}
              onClick={() => {
                setManual((items) => [
                  ...items,
                  {
                    kind: 'file',
                    file: manualFile.trim(),
                    sha256: manualSha,
                    cameraId: null,
                    description: '',
                  },
                ]);
                setManualFile('');
                setManualSha('');
              }}
            >
              {t('register.addManual')}
            </button>
          </div>
        </fieldset>
        <div className="adm-actions">
          <button type="submit" className="adm-primary" disabled={busy || cameraIds.length === 0}>
            {t('register.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
