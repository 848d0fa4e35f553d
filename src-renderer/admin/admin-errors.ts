import type { UiError } from '../shared/connection/result-client';
import type { AdminKey, AdminT } from './admin-i18n';

/** Error codes with their own French sentence in `errors.*` (the others say "Erreur : …"). */
const KNOWN = new Set<string>([
  'unavailable',
  'not-logged-in',
  'session-locked',
  'forbidden',
  'bad-credentials',
  'too-many-attempts',
  'already-initialized',
  'not-found',
  'invalid',
  'conflict',
  'too-large',
  'disk-full',
  'read-only',
  'io-error',
  'audit-unavailable',
  'quota-exceeded',
]);

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
