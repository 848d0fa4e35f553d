/**
 * Value normalisation shared by the store, search and import: one place decides how times,
 * communes and full-text queries are written, so a filter always matches what was stored.
 */

/** ISO text with an offset → the stored form, UTC with milliseconds; null when not a time. */
export function toStoredInstant(text: string): string | null {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const IMPORT_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads an ISO 8601 time from an imported spreadsheet. Without an offset the time is the
 * workstation's local time, which is how a CSU's spreadsheet was written. Rejects impossible
 * dates (2025-02-30) rather than letting Date roll them over.
 */
export function parseImportInstant(text: string): string | null {
  const match = IMPORT_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', ms = '0', zone] = match;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const millis = Number(ms.padEnd(3, '0'));
  const [year, month, day, hour, minute, second] = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  let date: Date;
  if (zone) {
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${String(second).padStart(2, '0')}.${String(millis).padStart(3, '0')}${
      zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone
    }`;
    date = new Date(iso);
  } else {
    date = new Date(year, month - 1, day, hour, minute, second, millis);
  }
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls 30 February over to March: compare the calendar day back in the written zone.
  const check = zone ? new Date(Date.UTC(year, month - 1, day)) : new Date(year, month - 1, day);
  const checkDay = zone ? check.getUTCDate() : check.getDate();
  if (checkDay !== day) return null;
  return date.toISOString();
}

/** Local midnight of `now`'s day, stored form: the start of the "MC du jour". */
export function localMidnight(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/**
 * The key a commune is filtered on: case, accents, hyphens and extra spaces ignored, so
 * "Saint-Étienne", "saint etienne" and "SAINT ÉTIENNE" are one commune.
 */
export function communeKey(commune: string): string {
  return commune
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-'’]+/g, ' ')
    .trim();
}

/** Label comparison for taxonomy names typed by hand (imports): case and accents ignored. */
export function labelKey(label: string): string {
  return communeKey(label);
}

/**
 * Turns what an operator typed into an FTS5 query: every word must appear (accents ignored by
 * the tokenizer), each as a prefix, since an operator types the start of a word ("blous" finds
 * "blouson", "kiosq" finds "kiosque"); a trailing `*` is accepted and changes nothing. Words are
 * quoted, so FTS5 operators and punctuation typed by the operator can never make the query fail.
 * Null when nothing is left.
 */
export function ftsQuery(text: string): string | null {
  const terms: string[] = [];
  for (const raw of text.split(/\s+/)) {
    const word = raw.replace(/["*]/g, '');
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    terms.push(`"${word}"*`);
    if (terms.length >= 16) break;
  }
  return terms.length ? terms.join(' ') : null;
}
