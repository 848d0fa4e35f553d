import { useMemo } from 'react';
import { useWallTranslation } from '../wall-i18n';

/**
 * A seconds-precision time formatter in the UI language (24 h in French), built once per
 * language: 64 tile clocks share it rather than each building an Intl object every second.
 */
export function useTimeFormat(): Intl.DateTimeFormat {
  const { i18n } = useWallTranslation();
  return useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    [i18n.language],
  );
}
