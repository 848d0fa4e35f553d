import { LogbookErrorCodeSchema } from '../../src-shared/contract';
import type { UiError } from '../shared/connection/result-client';
import { issueLines, refusalText } from '../shared/i18n/refusals';
import { adminFr, type AdminKey, type AdminT } from './admin-i18n';

/**
 * The contract's error codes with their own French sentence in `errors.*` (the others say
 * "Erreur : …"): the contract's list, kept to the codes this window has a sentence for.
 */
const KNOWN = new Set<string>(LogbookErrorCodeSchema.options.filter((code) => code in adminFr.errors));

/**
 * Turns a failed call into a French sentence: the core's reason and parameters when it gave
 * them (shared/i18n/refusals), else the sentence for its code, plus the refused fields. The
 * core's message is English, for its log: it never reaches the screen. An answer that never
 * came (socket down, timeout, malformed) says the server does not answer.
 */
export function errorText(t: AdminT, error: UiError, now: number = Date.now()): string {
  if (error.transport) return t('errors.network');
  const specific = refusalText(error, now);
  const lines = issueLines(error.issues);
  const text =
    specific ?? (KNOWN.has(error.code) ? t(`errors.${error.code}` as AdminKey) : t('errors.other'));
  return lines.length ? `${text} ${lines.join(' ; ')}` : text;
}
