import type { Consigne, EntryView, Handover, Shift } from '../../src-shared/contract';
import { formatDateTime, placeLabel } from './format';
import { TextField } from './form-fields';
import { useController, useLogbookT } from './use-logbook';

/**
 * Pieces of the shift section that the shift report shows too: the lines saying who opened a
 * shift, wrote a handover or acknowledged it, and the lists of consignes and open incidents.
 */

/** "Vacation n° … ouverte le … par …". */
export function ShiftOpened({ shift }: { shift: Shift }) {
  const t = useLogbookT();
  return t('shift.current', {
    id: shift.id,
    at: formatDateTime(shift.openedAt),
    name: shift.operator.name,
    badge: shift.operator.badge,
  });
}

/** Who wrote the handover, and when. */
export function HandoverBy({ handover }: { handover: Handover }) {
  const t = useLogbookT();
  return t('handover.pendingBy', {
    at: formatDateTime(handover.writtenAt),
    name: handover.operator.name,
    badge: handover.operator.badge,
  });
}

/** Who acknowledged the handover, and when. */
export function AcknowledgedBy({
  acknowledgement,
}: {
  acknowledgement: NonNullable<Handover['acknowledgement']>;
}) {
  const t = useLogbookT();
  return t('handover.acknowledged', {
    at: formatDateTime(acknowledgement.at),
    name: acknowledgement.operator.name,
    badge: acknowledgement.operator.badge,
  });
}

/** Consignes with their expiry; a room's say their seat (ids are per seat). */
export function ConsigneList({ consignes }: { consignes: readonly (Consigne & { seat?: string })[] }) {
  const t = useLogbookT();
  if (consignes.length === 0) return <p className="lb-muted">{t('shift.noConsignes')}</p>;
  return (
    <ul className="lb-history">
      {consignes.map((consigne) => (
        <li key={`${consigne.seat ?? ''}/${consigne.id}`} data-testid="consigne" data-seat={consigne.seat}>
          {consigne.seat && <span className="lb-muted">{t('room.seat', { seat: consigne.seat })} — </span>}
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

/** Entries still en cours; a room's say their seat and open from the room. */
export function IncidentList({ incidents }: { incidents: readonly (EntryView & { seat?: string })[] }) {
  const t = useLogbookT();
  const controller = useController();
  if (incidents.length === 0) return <p className="lb-muted">{t('shift.noIncidents')}</p>;
  return (
    <ul className="lb-history">
      {incidents.map((entry) => (
        <li
          key={`${entry.seat ?? ''}/${entry.id}`}
          data-testid="open-incident"
          data-entry-id={entry.id}
          data-seat={entry.seat}
        >
          {entry.seat && <span className="lb-muted">{t('room.seat', { seat: entry.seat })} — </span>}
          <button
            type="button"
            className="lb-link"
            onClick={() => void controller.views.openEntry(entry.id, entry.seat)}
          >
            N° {entry.id}
          </button>{' '}
          — {formatDateTime(entry.observedAt)} — {entry.category} — {placeLabel(entry)} : {entry.description}
        </li>
      ))}
    </ul>
  );
}

/**
 * What the incoming operator reads before acknowledging a handover, at this seat or from
 * another one: who wrote it and when, its note, consignes and entries en cours, and the remark
 * they may add. One component so a takeover from another seat reads exactly like a local one.
 */
export function HandoverToAcknowledge({
  handover,
  testIds,
  remark,
  onRemark,
}: {
  handover: Handover & { openIncidents: readonly (EntryView & { seat?: string })[] };
  testIds: { note: string; remark: string };
  remark: string;
  onRemark: (text: string) => void;
}) {
  const t = useLogbookT();
  return (
    <>
      <p className="lb-muted">
        <HandoverBy handover={handover} />
      </p>
      <p className="lb-entry-text__body" data-testid={testIds.note}>
        {handover.note}
      </p>
      <h4 className="lb-subtitle">{t('handover.consignes')}</h4>
      <ConsigneList consignes={handover.consignes} />
      <h4 className="lb-subtitle">{t('handover.incidentsAuto', { count: handover.openIncidents.length })}</h4>
      <IncidentList incidents={handover.openIncidents} />
      <TextField
        label={t('handover.remark')}
        testId={testIds.remark}
        value={remark}
        maxLength={2000}
        onChange={onRemark}
      />
    </>
  );
}
