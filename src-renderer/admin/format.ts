import { fromFrenchInput, toFrenchInput } from '../shared/time/french-input';
import { adminFr, type AdminT } from './admin-i18n';

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });

/** A stored instant as operators read it (local date and time). */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** A duration in milliseconds, in words ("4 min 12 s"). */
export function formatDuration(ms: number | null, t: AdminT): string {
  if (ms === null) return '';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('duration.hours', { h, m });
  if (m > 0) return t('duration.minutes', { m, s });
  return t('duration.seconds', { s });
}

/** A date field's value for an instant: `JJ/MM/AAAA HH:MM`, local time (shared/time). */
export const toLocalInput = toFrenchInput;

/** The instant a typed date field means (local time), as ISO; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  return fromFrenchInput(value) ?? undefined;
}

/**
 * An audit record's details as one compact French line: the keys the core records by their
 * French names, booleans and the coded values (profiles, end reasons, roles) in words; names,
 * files and hashes as they are. A key the table does not know yet keeps its own name.
 */
export function detailsLine(details: Record<string, unknown>): string {
  const { keys, values } = adminFr.auditDetails;
  const word = (value: unknown): string => {
    if (typeof value === 'boolean') return value ? values.yes : values.no;
    if (typeof value === 'string')
      return Object.hasOwn(values, value) ? values[value as keyof typeof values] : value;
    if (typeof value === 'number') return String(value);
    return JSON.stringify(value);
  };
  return Object.entries(details)
    .map(
      ([key, value]) => `${Object.hasOwn(keys, key) ? keys[key as keyof typeof keys] : key} : ${word(value)}`,
    )
    .join(' · ');
}
