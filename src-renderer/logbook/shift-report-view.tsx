import { formatDateTime, placeLabel } from './format';
import { AcknowledgedBy, ConsigneList, HandoverBy, IncidentList, ShiftOpened } from './shift-parts';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * The shift report on screen (entries, handover, consignes, open incidents, chain head at
 * close), with the same report as a PDF for the file or the room chief.
 */
export function ShiftReportView() {
  const t = useLogbookT();
  const controller = useController();
  const { setReport } = useLogbookActions();
  const report = useLogbook((state) => state.report);
  const busy = useLogbook((state) => state.shiftBusy);
  if (!report) return null;
  const { shift, handover } = report;
  return (
    <div className="dialog" role="presentation">
      <div
        className="dialog__panel dialog__panel--wide"
        role="dialog"
        aria-modal="true"
        aria-label={t('report.title', { id: shift.id })}
        data-testid="shift-report-view"
        data-shift-id={shift.id}
      >
        <div className="lb-detail__head">
          <h2 className="lb-section-title">{t('report.title', { id: shift.id })}</h2>
          <div className="lb-actions">
            <button
              type="button"
              className="button button--primary"
              data-testid="report-pdf"
              disabled={busy}
              onClick={() => void controller.shift.downloadReportPdf(shift.id)}
            >
              {t('report.pdf')}
            </button>
            <button
              type="button"
              className="button"
              data-testid="report-close"
              onClick={() => setReport(null)}
            >
              {t('report.close')}
            </button>
          </div>
        </div>
        <p>
          {report.siteName} — <ShiftOpened shift={shift} />
        </p>
        {report.chainHead && (
          <p className="lb-mono lb-muted" data-testid="report-chain-head">
            {t('report.chainHead', { seq: report.chainHead.seq, hash: report.chainHead.hash })}
          </p>
        )}
        <h3 className="lb-subtitle">{t('report.entries', { count: report.entries.length })}</h3>
        <ul className="lb-history">
          {report.entries.map((entry) => (
            <li key={entry.id} data-testid="report-entry">
              N° {entry.id} — {formatDateTime(entry.observedAt)} — {entry.category} — {placeLabel(entry)} —{' '}
              {t(`status.${entry.status}`)} : {entry.description}
            </li>
          ))}
        </ul>
        <h3 className="lb-subtitle">{t('report.handover')}</h3>
        {handover ? (
          <>
            <p className="lb-muted">
              <HandoverBy handover={handover} />
            </p>
            <p className="lb-entry-text__body">{handover.note}</p>
            {handover.acknowledgement && (
              <p data-testid="report-ack">
                <AcknowledgedBy acknowledgement={handover.acknowledgement} />
              </p>
            )}
          </>
        ) : (
          <p className="lb-muted">{t('report.noHandover')}</p>
        )}
        <h3 className="lb-subtitle">{t('shift.consignes')}</h3>
        <ConsigneList consignes={report.consignes} />
        <h3 className="lb-subtitle">{t('shift.openIncidents')}</h3>
        <IncidentList incidents={report.openIncidents} />
      </div>
    </div>
  );
}
