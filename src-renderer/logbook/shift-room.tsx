import type { Handover, RoomHandover } from '../../src-shared/contract';
import type { UiError } from '../shared/connection/result-client';
import { ErrorMessage } from './error-message';
import { formatDateTime } from './format';
import { logbookFr } from './logbook-i18n';
import { roomHandoverKey, takenElsewhere } from './shift-controller';
import { ConsigneList, HandoverToAcknowledge, IncidentList } from './shift-parts';
import { selectOperator } from './store/logbook-selectors';
import { useController, useLogbook, useLogbookActions, useLogbookT } from './use-logbook';

/**
 * The room's part of the shift section (issue 13, handover across seats): the other seats'
 * handovers waiting for an incoming operator, each with « Prendre la relève » (`room.acknowledge`),
 * and the room's consignes in force and suivis en cours, every line saying its seat.
 *
 * Why the other seats' handovers show only when this seat is free (no shift, no handover of its
 * own waiting): taking one over opens this seat's shift, which the core refuses otherwise; the
 * screen does not offer what would be refused.
 */

const ROOM_REFUSALS = logbookFr.roomShift.refusals;

/**
 * A refusal in French: the room's own cases (another seat's handover unknown, the room's server
 * away) in the shift section's words, everything else as the rest of the window says it.
 */
export function ShiftError({ error, testId }: { error: UiError | null; testId: string }) {
  const t = useLogbookT();
  if (error?.reason && Object.hasOwn(ROOM_REFUSALS, error.reason)) {
    return (
      <div className="lb-error" role="alert" data-testid={testId} data-code={error.code}>
        <p className="lb-error__text">
          {t(`roomShift.refusals.${error.reason as keyof typeof ROOM_REFUSALS}`)}
        </p>
      </div>
    );
  }
  return <ErrorMessage error={error} testId={testId} />;
}

/**
 * Other seats' handovers waiting for an incoming operator, each with « Prendre la relève »; not
 * the logged-in operator's own (nobody acknowledges their own handover, the core refuses it).
 */
export function RoomPendingHandovers({ busy }: { busy: boolean }) {
  const roomShifts = useLogbook((state) => state.roomShifts);
  const here = useLogbook((state) => state.room?.seat ?? null);
  const badge = useLogbook(selectOperator)?.badge.toLowerCase();
  const pending = (roomShifts?.seats ?? [])
    .filter((seat) => seat.seat !== here)
    .flatMap((seat) => (seat.pendingHandover ? [seat.pendingHandover] : []))
    .filter((handover) => handover.operator.badge.toLowerCase() !== badge);
  if (pending.length === 0) return null;
  return (
    <>
      {pending.map((handover) => (
        <RoomPendingHandover
          key={roomHandoverKey(handover.seat, handover.id)}
          handover={handover}
          busy={busy}
        />
      ))}
    </>
  );
}

function RoomPendingHandover({ handover, busy }: { handover: RoomHandover; busy: boolean }) {
  const t = useLogbookT();
  const controller = useController();
  const { setRoomAckRemark } = useLogbookActions();
  const key = roomHandoverKey(handover.seat, handover.id);
  const remark = useLogbook((state) => state.roomAckRemarks[key] ?? '');
  const here = useLogbook((state) => state.room?.seat ?? '');
  return (
    <div
      className="lb-card lb-card--attention"
      data-testid="room-handover-pending"
      data-seat={handover.seat}
      data-handover-id={handover.id}
    >
      <h3 className="lb-subtitle">{t('roomShift.pendingTitle', { seat: handover.seat })}</h3>
      <HandoverToAcknowledge
        handover={handover}
        testIds={{ note: 'room-handover-note', remark: 'room-handover-remark' }}
        remark={remark}
        onRemark={(text) => setRoomAckRemark(key, text)}
      />
      <p className="lb-muted">{t('roomShift.takeOverHint', { here })}</p>
      <button
        type="button"
        className="button button--primary"
        data-testid="room-handover-take"
        disabled={busy}
        onClick={() => void controller.shift.acknowledgeRoom(handover.seat, handover.id)}
      >
        {t('roomShift.takeOver')}
      </button>
    </div>
  );
}

/** "Relève du poste … prise le … par … depuis le poste …". */
export function TakenOverBy({ handover }: { handover: RoomHandover }) {
  const t = useLogbookT();
  const ack = handover.acknowledgement;
  if (!ack) return null;
  return t('roomShift.takenOver', {
    seat: handover.seat,
    at: formatDateTime(ack.at),
    name: ack.operator.name,
    badge: ack.operator.badge,
    from: ack.seat,
  });
}

/**
 * This seat's waiting handover (`pending`, from the local logbook) when the room counts it taken
 * over at another seat: that seat's last handover as the room reads it, else null. Then the
 * local « Acquitter » is not offered (a second acknowledgement means nothing): `shifts.open`
 * opens the next shift after it, the core checking the room again first.
 */
export function useTakenElsewhere(pending: Handover | null): RoomHandover | null {
  const here = useLogbook((state) => state.room?.seat ?? null);
  const roomShifts = useLogbook((state) => state.roomShifts);
  return takenElsewhere(pending, here, roomShifts);
}

/** « Relève prise au poste … par … le … »: this seat's handover, taken over at another seat. */
export function TakenElsewhere({ handover }: { handover: RoomHandover }) {
  const t = useLogbookT();
  const ack = handover.acknowledgement;
  if (!ack) return null;
  return (
    <div className="lb-card lb-success" data-testid="handover-taken-elsewhere" data-handover-id={handover.id}>
      <p>
        {t('roomShift.takenElsewhere', {
          from: ack.seat,
          name: ack.operator.name,
          badge: ack.operator.badge,
          at: formatDateTime(ack.at),
        })}
      </p>
      <p className="lb-muted">{t('roomShift.takenElsewhereHint')}</p>
    </div>
  );
}

/**
 * The room's consignes in force and suivis en cours, with their seat; while the room's server
 * cannot be read, this seat's own lists (`fallback`) and a sentence saying so.
 */
export function RoomShiftLists({ fallback }: { fallback: React.ReactNode }) {
  const t = useLogbookT();
  const roomShifts = useLogbook((state) => state.roomShifts);
  const error = useLogbook((state) => state.roomShiftsError);
  if (!roomShifts) {
    return (
      <>
        {error && (
          <p className="lb-muted" data-testid="room-shifts-unreadable">
            {t('roomShift.unreadable')}
          </p>
        )}
        {fallback}
      </>
    );
  }
  return (
    <>
      {error && (
        <p className="lb-muted" data-testid="room-shifts-unreadable">
          {t('roomShift.unreadable')}
        </p>
      )}
      <h3 className="lb-subtitle">{t('roomShift.consignes')}</h3>
      <div data-testid="room-consignes">
        <ConsigneList consignes={roomShifts.consignes} />
      </div>
      <h3 className="lb-subtitle">{t('roomShift.openIncidents')}</h3>
      <div data-testid="room-open-incidents">
        <IncidentList incidents={roomShifts.openIncidents} />
      </div>
    </>
  );
}
