import { useWallTranslation } from '../wall-i18n';
import { useSharedT } from '../../shared/i18n/i18n';
import { CloseCodes } from '../../../src-shared/contract';
import { selectConnectionState, selectLastCloseCode } from '../store/selectors';
import { useVigie } from '../store/use-vigie';

const CLOSE_REASON_KEYS = {
  [CloseCodes.shuttingDown]: 'connection.closeReason.shuttingDown',
  [CloseCodes.protocolError]: 'connection.closeReason.protocolError',
  [CloseCodes.slowConsumer]: 'connection.closeReason.slowConsumer',
} as const;

function closeReasonKey(code: number | null) {
  if (code === null) return null;
  return code in CLOSE_REASON_KEYS ? CLOSE_REASON_KEYS[code as keyof typeof CLOSE_REASON_KEYS] : null;
}

/**
 * Full-width banner while the socket to the core is down. Tiles keep their last picture during an
 * outage, so without it a frozen wall could pass for a live one.
 */
export function ConnectionBanner() {
  const { t } = useWallTranslation();
  const shared = useSharedT();
  const state = useVigie(selectConnectionState);
  const closeCode = useVigie(selectLastCloseCode);
  if (state !== 'lost') return null;
  const reasonKey = closeReasonKey(closeCode);
  return (
    <div className="banner banner--error connection-banner" role="alert" data-testid="connection-banner">
      <span className="connection-banner__text">{shared('connection.lost')}</span>
      {reasonKey && <span className="connection-banner__detail">{t(reasonKey)}</span>}
    </div>
  );
}
