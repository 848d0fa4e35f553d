import type { FormEvent } from 'react';
import type { Consigne, EntryView, Handover } from '../../src-shared/contract';
import { ErrorMessage } from './error-message';
import { formatDateTime, placeLabel } from './format';
import { selectIsChef, selectOperator, selectOwnsShift } from './store/logbook-selectors';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * The shift section: open a shift; write the handover (note, consignes with optional expiry,
 * open incidents listed automatically); as the incoming operator, read and acknowledge it; see
 * the acknowledgement; open a shift report.
 */
export function ShiftPanel() {
  const t = useLogbookT();
  const controller = useController();
  const { startHandover } = useLogbookActions();
  const current = useLogbook((state) => state.shiftCurrent);
  const busy = useLogbook((state) => state.shiftBusy);
  const error = useLogbook((state) => state.shiftError);
  const handoverForm = useLogbook((state) => state.handoverForm);
  const written = useLogbook((state) => state.writtenHandover);
  const acknowledged = useLogbook((state) => state.acknowledgedHandover);
  const recent = useLogbook((state) => state.recentShifts);
  const operator = useLogbook(selectOperator);
  const ownsShift = useLogbook(selectOwnsShift);
  const isChef = useLogbook(selectIsChef);
  if (!current) return <p className="lb-muted">{t('app.loading')}</p>;
  const { shift, pendingHandover } = current;

  return (
    <section className="lb-panel" data-testid="shift-panel">
      <h2 className="lb-section-title">{t('shift.title')}</h2>
      <ErrorMessage error={error} testId="shift-error" />
      {acknowledged?.acknowledgement && <AcknowledgementCard handover={acknowledged} />}
      {written && (
        <div className="lb-card lb-success" data-testid="handover-written">
          <p>
            {t('handover.written', { at: formatDateTime(written.writtenAt), name: written.operator.name })}
          </p>
          {written.chainHead && (
            <p className="lb-mono">{t('handover.chainHead', { seq: written.chainHead.seq })}</p>
          )}
          <button
            type="button"
            className="button button--primary"
            data-testid="handover-logout"
            onClick={() => void controller.logout()}
          >
            {t('handover.handOff')}
          </button>
        </div>
      )}
      {shift && (
        <div className="lb-card" data-testid="shift-current" data-shift-id={shift.id}>
          <p>
            {t('shift.current', {
              id: shift.id,
              at: formatDateTime(shift.openedAt),
              name: shift.operator.name,
              badge: shift.operator.badge,
            })}
          </p>
          <div className="lb-actions">
            <button
              type="button"
              className="button"
              data-testid="shift-report"
              onClick={() => void controller.showReport(shift.id)}
            >
              {t('shift.report')}
            </button>
            {(ownsShift || isChef) && !handoverForm && (
              <button
                type="button"
                className="button button--primary"
                data-testid="handover-start"
                onClick={startHandover}
              >
                {t('handover.start')}
              </button>
            )}
          </div>
        </div>
      )}
      {shift && handoverForm && <HandoverFormView incidents={current.openIncidents} />}
      {!shift && pendingHandover && pendingHandover.operator.id !== operator?.id && (
        <PendingHandover handover={pendingHandover} busy={busy} />
      )}
      {!shift && !pendingHandover && (
        <div className="lb-card">
          <p>{t('shift.none')}</p>
          <button
            type="button"
            className="button button--primary"
            data-testid="shift-open"
            disabled={busy}
            onClick={() => void controller.openShift()}
          >
            {t('shift.open')}
          </button>
        </div>
      )}
      <h3 className="lb-subtitle">{t('shift.consignes')}</h3>
      <ConsigneList consignes={current.consignes} />
      <h3 className="lb-subtitle">{t('shift.openIncidents')}</h3>
      <IncidentList incidents={current.openIncidents} />
      {recent.length > 0 && (
        <>
          <h3 className="lb-subtitle">{t('shift.recentShifts')}</h3>
          <ul className="lb-history">
            {recent.map((item) => (
              <li key={item.id}>
                <button type="button" className="lb-link" onClick={() => void controller.showReport(item.id)}>
                  {t('report.title', { id: item.id })}
                </button>{' '}
                — {item.operator.name}, {formatDateTime(item.openedAt)}
                {item.closedAt ? ` → ${formatDateTime(item.closedAt)}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Consignes with their expiry. */
export function ConsigneList({ consignes }: { consignes: readonly Consigne[] }) {
  const t = useLogbookT();
  if (consignes.length === 0) return <p className="lb-muted">{t('shift.noConsignes')}</p>;
  return (
    <ul className="lb-history">
      {consignes.map((consigne) => (
        <li key={consigne.id} data-testid="consigne">
          {consigne.text}
          {consigne.expiresAt && (
            <span className="lb-muted">
              {' '}
              — {t('shift.until', { at: formatDateTime(consigne.expiresAt) })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Entries still en cours. */
export function IncidentList({ incidents }: { incidents: readonly EntryView[] }) {
  const t = useLogbookT();
  const controller = useController();
  if (incidents.length === 0) return <p className="lb-muted">{t('shift.noIncidents')}</p>;
  return (
    <ul className="lb-history">
      {incidents.map((entry) => (
        <li key={entry.id} data-testid="open-incident" data-entry-id={entry.id}>
          <button type="button" className="lb-link" onClick={() => void controller.openEntry(entry.id)}>
            N° {entry.id}
          </button>{' '}
          — {formatDateTime(entry.observedAt)} — {entry.category} — {placeLabel(entry)} : {entry.description}
        </li>
      ))}
    </ul>
  );
}

function AcknowledgementCard({ handover }: { handover: Handover }) {
  const t = useLogbookT();
  const ack = handover.acknowledgement;
  if (!ack) return null;
  return (
    <div className="lb-card lb-success" data-testid="handover-ack" data-handover-id={handover.id}>
      <p>
        {t('handover.acknowledged', {
          at: formatDateTime(ack.at),
          name: ack.operator.name,
          badge: ack.operator.badge,
        })}
      </p>
      {ack.remark && <p className="lb-muted">{ack.remark}</p>}
    </div>
  );
}

function PendingHandover({ handover, busy }: { handover: Handover; busy: boolean }) {
  const t = useLogbookT();
  const controller = useController();
  const { setAckRemark } = useLogbookActions();
  const remark = useLogbook((state) => state.ackRemark);
  return (
    <div className="lb-card lb-card--attention" data-testid="handover-pending" data-handover-id={handover.id}>
      <h3 className="lb-subtitle">{t('handover.pendingTitle')}</h3>
      <p className="lb-muted">
        {t('handover.pendingBy', {
          at: formatDateTime(handover.writtenAt),
          name: handover.operator.name,
          badge: handover.operator.badge,
        })}
      </p>
      <p className="lb-entry-text__body" data-testid="handover-pending-note">
        {handover.note}
      </p>
      <h4 className="lb-subtitle">{t('handover.consignes')}</h4>
      <ConsigneList consignes={handover.consignes} />
      <h4 className="lb-subtitle">{t('handover.incidentsAuto', { count: handover.openIncidents.length })}</h4>
      <IncidentList incidents={handover.openIncidents} />
      <label className="field">
        <span className="field__label">{t('handover.remark')}</span>
        <input
          className="input"
          data-testid="handover-remark"
          value={remark}
          maxLength={2000}
          onChange={(event) => setAckRemark(event.target.value)}
        />
      </label>
      <button
        type="button"
        className="button button--primary"
        data-testid="handover-acknowledge"
        disabled={busy}
        onClick={() => void controller.acknowledge(handover.id)}
      >
        {t('handover.acknowledge')}
      </button>
    </div>
  );
}

function HandoverFormView({ incidents }: { incidents: readonly EntryView[] }) {
  const t = useLogbookT();
  const controller = useController();
  const { editHandover, addConsigne, editConsigne, removeConsigne, cancelHandover } = useLogbookActions();
  const form = useLogbook((state) => state.handoverForm);
  if (!form) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void controller.submitHandover();
  };
  return (
    <form className="lb-form lb-card" data-testid="handover-form" onSubmit={submit} noValidate>
      <h3 className="lb-subtitle">{t('handover.title')}</h3>
      <label className="field">
        <span className="field__label">{t('handover.note')}</span>
        <textarea
          className="input input--multiline"
          data-testid="handover-note"
          rows={5}
          maxLength={10_000}
          value={form.note}
          onChange={(event) => editHandover({ note: event.target.value })}
        />
      </label>
      <fieldset className="lb-fieldset">
        <legend className="field__label">{t('handover.consignes')}</legend>
        {form.consignes.map((consigne, index) => (
          <div key={index} className="lb-consigne" data-testid="consigne-row">
            <label className="field lb-consigne__text">
              <span className="field__label">{t('handover.consigneText', { n: index + 1 })}</span>
              <input
                className="input"
                data-testid="consigne-text"
                value={consigne.text}
                maxLength={2000}
                onChange={(event) => editConsigne(index, { text: event.target.value })}
              />
            </label>
            <label className="field">
              <span className="field__label">{t('handover.consigneExpiry')}</span>
              <input
                className="input"
                type="datetime-local"
                data-testid="consigne-expiry"
                value={consigne.expires}
                onChange={(event) => editConsigne(index, { expires: event.target.value })}
              />
            </label>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => removeConsigne(index)}
            >
              {t('handover.removeConsigne')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--small"
          data-testid="consigne-add"
          onClick={addConsigne}
        >
          {t('handover.addConsigne')}
        </button>
      </fieldset>
      {form.problem === 'emptyConsigne' && <p className="lb-problem">{t('handover.emptyConsigne')}</p>}
      <h4 className="lb-subtitle">{t('handover.incidentsAuto', { count: incidents.length })}</h4>
      <IncidentList incidents={incidents} />
      <ErrorMessage error={form.error} kept testId="handover-error" />
      <div className="lb-actions">
        <button className="button button--primary" data-testid="handover-submit" disabled={form.saving}>
          {t('handover.submit')}
        </button>
        <button type="button" className="button button--ghost" onClick={cancelHandover}>
          {t('handover.cancel')}
        </button>
      </div>
    </form>
  );
}
