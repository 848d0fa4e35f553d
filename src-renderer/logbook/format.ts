import type { Author } from '../../src-shared/contract';

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** An instant as operators read it in the register: local date and time to the minute. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Local time only (the header's "since 14:05"). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : time.format(date);
}

/** "Name (badge)", how the register names who wrote a record. */
export function authorLabel(author: Author): string {
  return `${author.name} (${author.badge})`;
}

/** A place as one line: commune, street, place, whichever are filled. */
export function placeLabel(entry: { commune: string; street: string; place: string }): string {
  return [entry.commune, entry.street, entry.place].filter(Boolean).join(', ');
}
