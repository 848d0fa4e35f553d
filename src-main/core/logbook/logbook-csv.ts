/**
 * RFC 4180 CSV, the small part the logbook needs: quoted fields with embedded separators,
 * quotes and line breaks, CRLF or LF line ends, a UTF-8 byte-order mark on either side.
 *
 * Written here rather than pulled from npm because both directions fit in a page and are pinned
 * by tests; swapping in csv-parse/csv-stringify later only touches this file.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

const BOM = '\uFEFF';

/**
 * Guesses the separator from the header line: a spreadsheet saved by a French Excel uses `;`,
 * the documented format uses `,`.
 */
export function sniffDelimiter(text: string): ',' | ';' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const commas = header.split(',').length - 1;
  const semicolons = header.split(';').length - 1;
  return semicolons > commas ? ';' : ',';
}

/** Parses CSV text; blank lines are skipped. Fails only on a quote left open at the end. */
export function parseCsv(text: string, delimiter = ','): CsvParse {
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteOpenedAt = 0;
  let fieldStarted = false;

  const endRecord = (): void => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !fieldStarted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };

  for (let i = 0; i < input.length; i += 1) {
    const char = input[i];
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
      quoteOpenedAt = line;
    } else if (char === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (char === '\r' && input[i + 1] === '\n') {
      // CR of a CRLF: the LF ends the record.
    } else if (char === '\n') {
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, line: quoteOpenedAt, message: 'a quoted field is never closed' };
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return { ok: true, records };
}

/**
 * Cells opening with these make spreadsheets evaluate a formula (CSV injection): such a cell is
 * exported with a leading apostrophe, which spreadsheets show as text and hide.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Options for `writeCsv`. */
export interface CsvWriteOptions {
  /** Neutralise formula-looking cells (exports opened in a spreadsheet). */
  neutraliseFormulas?: boolean;
  /** Prefix a byte-order mark so spreadsheets read UTF-8 accents right. */
  bom?: boolean;
}

/** Serialises rows as RFC 4180 CSV with CRLF line ends. */
export function writeCsv(rows: readonly (readonly string[])[], options: CsvWriteOptions = {}): string {
  const lines = rows.map((row) =>
    row
      .map((cell) => {
        const value = options.neutraliseFormulas && FORMULA_START.test(cell) ? `'${cell}` : cell;
        return /[",\r\n;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
      })
      .join(','),
  );
  return `${options.bom ? BOM : ''}${lines.join('\r\n')}\r\n`;
}
