import { LogbookErrorCodeSchema } from '../../src-shared/contract';
import type { UiError } from '../shared/connection/result-client';
import { adminFr, type AdminKey, type AdminT } from './admin-i18n';

/**
 * The contract's error codes with their own French sentence in `errors.*` (the others say
 * "Erreur : …"): the contract's list, kept to the codes this window has a sentence for.
 */
const KNOWN = new Set<string>(LogbookErrorCodeSchema.options.filter((code) => code in adminFr.errors));

/**
 * Turns a failed call into a French sentence: the contract's error code picks it, the core's
 * message (for IT, in English) only fills in details where the sentence has room for them. An
 * answer that never came (socket down, timeout, malformed) says the server does not answer.
 */
export function errorText(t: AdminT, error: UiError): string {
  if (error.transport) return t('errors.network', { message: error.message });
  if (KNOWN.has(error.code)) return t(`errors.${error.code}` as AdminKey, { message: error.message });
  return t('errors.other', { message: error.message });
}
