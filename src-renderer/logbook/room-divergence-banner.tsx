import { useEffect } from 'react';
import { selectIsChef } from './store/logbook-selectors';
import { useController, useLogbook, useLogbookT } from './use-logbook';

/** How often the room's status is asked again while the banner may show (the core's check is slower). */
const REFRESH_MS = 30_000;

/**
 * The room's copy of a seat's chain differs from the seat's own (room.status `diverged`): a
 * banner for the chef de salle and the admin, naming the seat and the record, as the local
 * integrity alert names the broken record. Operators are not shown it: their seat keeps logging
 * locally, nothing they can do about the server's copy, and IT is who compares the two copies.
 * The session's role decides, the core refuses nothing here (the status is public).
 */
export function RoomDivergenceBanner() {
  const t = useLogbookT();
  const controller = useController();
  const isChef = useLogbook(selectIsChef);
  const configured = useLogbook((state) => state.room?.configured === true);
  const divergence = useLogbook((state) => (state.room?.state === 'diverged' ? state.room.divergence : null));
  useEffect(() => {
    if (!configured || !isChef) return undefined;
    const timer = setInterval(() => void controller.views.refreshRoom(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [configured, isChef, controller]);
  if (!isChef || !divergence) return null;
  return (
    <div className="banner banner--error" role="alert" data-testid="room-divergence-banner">
      <strong>{t('roomDivergence.title')}</strong>{' '}
      {divergence.reason === 'replica-ahead'
        ? t('roomDivergence.ahead', { seat: divergence.seat, seq: divergence.seq })
        : t('roomDivergence.differs', { seat: divergence.seat, seq: divergence.seq })}{' '}
      {t('roomDivergence.instructions')}
    </div>
  );
}
