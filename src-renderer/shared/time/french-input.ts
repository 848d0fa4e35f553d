import { sharedFr } from '../i18n/fr';

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A local date and time as a French office writes it, `JJ/MM/AAAA HH:MM`: what every date field
 * of the windows shows and takes, whatever the browser's own locale (a `datetime-local` input
 * follows it, and shows `03/01/2025, 02:05 PM` in an en-US browser).
 */
export function toFrenchInput(date: Date): string {
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The UTC instant a typed local date and time means; null when it is not one (31/02, 25:00…).
 * `JJ/MM/AAAA HH:MM` (seconds allowed, one-digit day, month and hour accepted), and the ISO
 * `AAAA-MM-JJTHH:MM` a pasted value or an older saved form may hold.
 */
export function fromFrenchInput(value: string): string | null {
  const text = value.trim();
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const parts = french
    ? [french[3], french[2], french[1], french[4], french[5], french[6]]
    : iso
      ? iso.slice(1)
      : null;
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hour, minute, second);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  if (date.getHours() !== hour || date.getMinutes() !== minute) return null;
  return date.toISOString();
}

/** The props of a date-and-time text field (spread on an `<input>`), in place of `datetime-local`. */
export const FRENCH_DATETIME_INPUT = {
  type: 'text',
  inputMode: 'numeric',
  placeholder: sharedFr.dateTime.placeholder,
  title: sharedFr.dateTime.title,
  maxLength: 19,
  autoComplete: 'off',
  spellCheck: false,
} as const;
