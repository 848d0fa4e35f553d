import i18next from 'i18next';
import type { LogbookIssue } from '../../../src-shared/contract';
import type { UiError } from '../connection/result-client';
import { sharedFr } from './fr';

/**
 * i18next's `t` without its key typing: the keys here are built from the core's codes and
 * reasons, each checked against the French table (`has`) before it is used.
 */
const t = (key: string, params?: Record<string, unknown>): string =>
  (i18next.t as unknown as (key: string, params?: Record<string, unknown>) => string)(key, params);
const words = sharedFr.refusals;
const has = (table: object, key: string | undefined): key is string =>
  key !== undefined && Object.hasOwn(table, key);

/**
 * The French sentence for a refusal the core qualified (a reason, or values to quote), or null
 * when the app's generic sentence for the code is the right one. The core's English `message` is
 * never used: it is for the log. A lock-out counts down from when the refusal arrived.
 */
export function refusalText(
  error: Pick<UiError, 'code' | 'reason' | 'params' | 'receivedAt'>,
  now: number = Date.now(),
): string | null {
  const reasons = (words.reasons as Record<string, Record<string, string>>)[error.code];
  if (reasons && has(reasons, error.reason)) {
    return t(`refusals.reasons.${error.code}.${error.reason}`, error.params ?? {});
  }
  const params: Record<string, string | number> = { ...error.params };
  if (error.code === 'too-many-attempts' && typeof params.retryInSeconds === 'number') {
    const elapsed = error.receivedAt === undefined ? 0 : Math.floor((now - error.receivedAt) / 1000);
    const left = Math.max(0, params.retryInSeconds - elapsed);
    if (left === 0) return t('refusals.codes.too-many-attemptsNow');
    return t('refusals.codes.too-many-attempts', { retryInSeconds: left });
  }
  if (error.code === 'forbidden' && typeof params.roles === 'string' && params.roles !== '') {
    const roles = params.roles
      .split(',')
      .map((role) => (has(sharedFr.roles, role) ? t(`roles.${role}`) : role))
      .join(', ');
    return t('refusals.codes.forbidden', { roles });
  }
  if ((error.code === 'no-shift' || error.code === 'shift-open') && typeof params.workstation === 'string') {
    return t(`refusals.codes.${error.code}`, { workstation: params.workstation });
  }
  return null;
}

/** A field's French name, from the core's path (`observedAt`, `consignes[1].expiresAt`). */
export function fieldName(field: string): string {
  const consigne = /^consignes\[(\d+)\]\.(\w+)$/.exec(field);
  if (consigne) {
    const inner = has(words.fields, consigne[2]) ? t(`refusals.fields.${consigne[2]}`) : '';
    return `${t('refusals.fields.consigne', { number: Number(consigne[1]) + 1 })}${inner ? ` : ${inner}` : ''}`;
  }
  if (has(words.fields, field) && field !== 'other') return t(`refusals.fields.${field}`);
  return t('refusals.fields.other', { field });
}

/** Each refused field as "Heure des faits : heure dans le futur" (imports add their line). */
export function issueLines(issues: readonly LogbookIssue[] | undefined): string[] {
  return (issues ?? []).map((issue) => {
    const what =
      has(words.issues, issue.reason) && issue.reason !== 'other'
        ? t(`refusals.issues.${issue.reason}`)
        : t('refusals.issues.other');
    const where = issue.field ? `${fieldName(issue.field)} : ` : '';
    return issue.line === undefined ? `${where}${what}` : `L. ${issue.line} — ${where}${what}`;
  });
}

/** Why a hash chain broke, in French, from the core's reason (`hash-mismatch`…). */
export function chainBreakText(reason: string): string {
  return has(sharedFr.chainBreaks, reason) && reason !== 'other'
    ? t(`chainBreaks.${reason}`)
    : t('chainBreaks.other', { reason });
}
