import { useMemo } from 'react';
import { useWallTranslation } from '../wall-i18n';
import { useNow } from '../../shared/hooks/use-now';

/**
 * Local time, to the second. Operators log events against it in the main courante, so it follows
 * the UI language's conventions (24 h in French) rather than the OS locale.
 */
export function LiveClock() {
  const { t, i18n } = useWallTranslation();
  const now = useNow();
  const format = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    [i18n.language],
  );
  const date = new Date(now);
  return (
    <time
      className="header-bar__clock"
      data-testid="clock"
      dateTime={date.toISOString()}
      aria-label={t('header.clockLabel')}
    >
      {format.format(date)}
    </time>
  );
}
