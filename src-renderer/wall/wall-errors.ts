import i18next from 'i18next';
import type { UiError } from '../shared/connection/result-client';
import { refusalText } from '../shared/i18n/refusals';
import { WALL_NS, wallFr } from './wall-i18n';

type KnownCode = Exclude<keyof typeof wallFr.errors, 'other'>;

function isKnown(code: string): code is KnownCode {
  return code !== 'other' && Object.hasOwn(wallFr.errors, code);
}

/**
 * The French reason for a failed call of the wall (spot, snapshot, saving or resetting its
 * state): the core answers a code, the operator reads a sentence. A refusal the core qualified
 * (a reason, values to quote) reads as in every window (shared/i18n/refusals); otherwise the
 * wall's sentence for the code, and an unexpected code is named, so IT can find it in the log,
 * but never as the core's English message.
 */
export function wallErrorText(error: Pick<UiError, 'code' | 'reason' | 'params' | 'receivedAt'>): string {
  const qualified = refusalText(error);
  if (qualified !== null) return qualified;
  return isKnown(error.code)
    ? i18next.t(`errors.${error.code}`, { ns: WALL_NS })
    : i18next.t('errors.other', { ns: WALL_NS, code: error.code });
}
