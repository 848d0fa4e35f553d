import { useCallback } from 'react';
import { AdminCallError } from './admin-api';
import { useAdminT, type AdminKey } from './admin-i18n';

const KNOWN = new Set([
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
  'network',
]);

/**
 * Turns a failed call into a French sentence: the contract's error code picks it, the core's
 * message (for IT, in English) only fills in details where the sentence has room for them.
 */
export function useErrorText(): (error: unknown) => string {
  const t = useAdminT();
  return useCallback(
    (error: unknown) => {
      if (error instanceof AdminCallError && KNOWN.has(error.code)) {
        return t(`errors.${error.code}` as AdminKey, { message: error.message });
      }
      return t('errors.other', { message: error instanceof Error ? error.message : String(error) });
    },
    [t],
  );
}
