/**
 * Text and dates as every PDF of the core prints them (main courante extracts and shift
 * reports, audit exports, the extraction register): one place, so they all read alike.
 */

/** Characters beyond Latin-1 that the standard PDF fonts still have (WinAnsi encoding). */
const WIN_ANSI_EXTRA = new Set(
  [
    402, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230, 8364, 8240, 8249, 8250, 710,
    8482, 338, 339, 732, 352, 353, 376, 381, 382,
  ].map((code) => String.fromCharCode(code)),
);

/**
 * Text the standard fonts can print. They cover French (accents, œ, €, typographic quotes and
 * dashes) but nothing beyond WinAnsi; anything else would come out as garbage, so it becomes
 * `?`, visibly, rather than silently wrong glyphs. The standard fonts are used because they need
 * no font file on the workstation, and copy-paste and `pdftotext` read them back.
 */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n') out += char;
    else if (char === '\t') out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code <= 0xff || WIN_ANSI_EXTRA.has(char)) out += char;
    else out += '?';
  }
  return out;
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });

/** A stored instant as operators read it: local date and time. */
export function pdfInstant(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? String(iso) : dateTime.format(date);
}
