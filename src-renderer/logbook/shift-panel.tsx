import type { EntryView, Handover, RoomHandover } from '../../src-shared/contract';
import { FRENCH_DATETIME_INPUT } from '../shared/time/french-input';
import { ErrorMessage } from './error-message';
import { CardForm, SubmitCancel, TextAreaField, TextField } from './form-fields';
import { formatDateTime } from './format';
import {
  AcknowledgedBy,
  ConsigneList,
  HandoverToAcknowledge,
  IncidentList,
  ShiftOpened,
} from './shift-parts';
import {
  RoomPendingHandovers,
  RoomShiftLists,
  ShiftError,
  TakenElsewhere,
  TakenOverBy,
  useTakenElsewhere,
} from './shift-room';
import { selectIsChef, selectOperator, selectOwnsShift } from './store/logbook-selectors';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * The shift section: open a shift; write the handover (note, consignes with optional expiry,
 * open incidents listed automatically); as the incoming operator, read and acknowledge it; see
 * the acknowledgement; open a shift report. With a room, a seat that is free (no shift, no
 * handover of its own waiting) also shows the other seats' pending handovers to take over, and
 * the consignes and suivis are the room's (shift-room.tsx); a handover of this seat the room
 * counts taken over at another seat is said so, and a shift opens after it without « Acquitter ».
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
  const inRoom = useLogbook((state) => state.room?.configured === true);
  const takenElsewhere = useTakenElsewhere(inRoom ? (current?.pendingHandover ?? null) : null);
  if (!current) return <p className="lb-muted">{t('app.loading')}</p>;
  const { shift, pendingHandover } = current;
  // Taken over at another seat (the room says so): nothing to acknowledge here, a shift to open.
  const waiting = takenElsewhere ? null : pendingHandover;

  return (
    <section className="lb-panel" data-testid="shift-panel">
      <h2 className="lb-section-title">{t('shift.title')}</h2>
      <ShiftError error={error} testId="shift-error" />
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
            <ShiftOpened shift={shift} />
          </p>
          <div className="lb-actions">
            <button
              type="button"
              className="button"
              data-testid="shift-report"
              onClick={() => void controller.shift.showReport(shift.id)}
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
      {!shift && waiting && waiting.operator.id !== operator?.id && (
        <PendingHandover handover={waiting} busy={busy} />
      )}
      {!shift && takenElsewhere && <TakenElsewhere handover={takenElsewhere} />}
      {inRoom && !shift && !pendingHandover && <RoomPendingHandovers busy={busy} />}
      {!shift && !waiting && (
        <div className="lb-card">
          <p>{t('shift.none')}</p>
          <button
            type="button"
            className="button button--primary"
            data-testid="shift-open"
            disabled={busy}
            onClick={() => void controller.shift.open()}
          >
            {t('shift.open')}
          </button>
        </div>
      )}
      {inRoom ? <RoomShiftLists fallback={<SeatLists />} /> : <SeatLists />}
      {recent.length > 0 && (
        <>
          <h3 className="lb-subtitle">{t('shift.recentShifts')}</h3>
          <ul className="lb-history">
            {recent.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  className="lb-link"
                  onClick={() => void controller.shift.showReport(item.id)}
                >
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

/** This seat's consignes in force and entries en cours (the local logbook's). */
function SeatLists() {
  const t = useLogbookT();
  const current = useLogbook((state) => state.shiftCurrent);
  if (!current) return null;
  return (
    <>
      <h3 className="lb-subtitle">{t('shift.consignes')}</h3>
      <ConsigneList consignes={current.consignes} />
      <h3 className="lb-subtitle">{t('shift.openIncidents')}</h3>
      <IncidentList incidents={current.openIncidents} />
    </>
  );
}

/** The handover just acknowledged here: this seat's, or another seat's taken over (it says its seat). */
function AcknowledgementCard({ handover }: { handover: Handover | RoomHandover }) {
  const ack = handover.acknowledgement;
  if (!ack) return null;
  return (
    <div className="lb-card lb-success" data-testid="handover-ack" data-handover-id={handover.id}>
      <p>
        {'seat' in handover ? <TakenOverBy handover={handover} /> : <AcknowledgedBy acknowledgement={ack} />}
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
      <HandoverToAcknowledge
        handover={handover}
        testIds={{ note: 'handover-pending-note', remark: 'handover-remark' }}
        remark={remark}
        onRemark={setAckRemark}
      />
      <button
        type="button"
        className="button button--primary"
        data-testid="handover-acknowledge"
        disabled={busy}
        onClick={() => void controller.shift.acknowledge(handover.id)}
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
  return (
    <CardForm testId="handover-form" onSubmit={() => void controller.shift.submitHandover()}>
      <h3 className="lb-subtitle">{t('handover.title')}</h3>
      <TextAreaField
        label={t('handover.note')}
        testId="handover-note"
        rows={5}
        maxLength={10_000}
        value={form.note}
        onChange={(note) => editHandover({ note })}
      />
      <fieldset className="lb-fieldset">
        <legend className="field__label">{t('handover.consignes')}</legend>
        {form.consignes.map((consigne, index) => (
          <div key={index} className="lb-consigne" data-testid="consigne-row">
            <TextField
              className="lb-consigne__text"
              label={t('handover.consigneText', { n: index + 1 })}
              testId="consigne-text"
              value={consigne.text}
              maxLength={2000}
              onChange={(text) => editConsigne(index, { text })}
            />
            <TextField
              label={t('handover.consigneExpiry')}
              {...FRENCH_DATETIME_INPUT}
              testId="consigne-expiry"
              value={consigne.expires}
              onChange={(expires) => editConsigne(index, { expires })}
            />
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
      <SubmitCancel
        submit={t('handover.submit')}
        submitTestId="handover-submit"
        saving={form.saving}
        cancel={t('handover.cancel')}
        onCancel={cancelHandover}
      />
    </CardForm>
  );
}
