import { useLogbookActions, useLogbook, useLogbookT } from './use-logbook';
import { chainBreakText } from '../shared/i18n/refusals';

/**
 * The blocking alert of a broken hash chain (or a logbook that cannot be opened). It covers the
 * window until someone acknowledges it, because an operator must not keep writing in a register
 * whose integrity is gone without knowing; a banner stays afterwards. An unavailable logbook
 * cannot be acknowledged away: there is nothing to write into.
 */
export function IntegrityAlert() {
  const t = useLogbookT();
  const { acknowledgeIntegrity } = useLogbookActions();
  const integrity = useLogbook((state) => state.integrity);
  if (!integrity) return null;
  const broken = integrity.state === 'broken';
  return (
    <div className="dialog dialog--alarm" role="presentation">
      <div
        className="lb-alert"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="lb-integrity-title"
        data-testid="integrity-alert"
        data-state={integrity.state}
      >
        <h1 id="lb-integrity-title" className="lb-alert__title">
          {broken ? t('integrity.brokenTitle') : t('integrity.unavailableTitle')}
        </h1>
        <p>{broken ? t('integrity.broken') : t('integrity.unavailable')}</p>
        {integrity.broken && (
          <p className="lb-alert__detail" data-testid="integrity-where">
            {t('integrity.where', {
              seq: integrity.broken.seq ?? '?',
              table: integrity.broken.table ?? integrity.broken.kind,
              id: integrity.broken.refId ?? '?',
              why: chainBreakText(integrity.broken.reason),
            })}
          </p>
        )}
        {integrity.reason && (
          <p className="lb-alert__detail">
            {t('integrity.reason')}{' '}
            {/* The core's own words, for IT: marked as such, not passed off as French. */}
            <span lang="en" data-technical="true">
              {integrity.reason}
            </span>
          </p>
        )}
        <p className="lb-alert__instructions">{t('integrity.instructions')}</p>
        {broken && (
          <button
            className="button button--danger"
            data-testid="integrity-acknowledge"
            onClick={acknowledgeIntegrity}
            autoFocus
          >
            {t('integrity.acknowledge')}
          </button>
        )}
      </div>
    </div>
  );
}
