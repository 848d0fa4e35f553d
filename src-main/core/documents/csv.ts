/**
 * CSV for the logbook, on csv-parse and csv-stringify (sync APIs): imports read spreadsheet
 * exports (quoted separators, quotes and line breaks, CRLF or LF, a UTF-8 byte-order mark), and
 * exports are written for spreadsheets.
 *
 * This module only adapts the libraries to what the import's error report needs: each record
 * keeps the line of the file where it starts, so an operator is told "line 12, category: …"
 * about the line they see in their spreadsheet.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

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

/** Line breaks inside a record's quoted fields: how far its start is above the line it ends on. */
function breaksInside(fields: readonly string[]): number {
  let breaks = 0;
  for (const field of fields) for (const char of field) if (char === '\n') breaks += 1;
  return breaks;
}

/**
 * The first non-blank line after `afterLine`: where the record csv-parse choked on starts. Its
 * own error names the line where the file ended, which is not where the operator must look.
 */
function nextRecordLine(text: string, afterLine: number): number {
  const lines = text.split('\n');
  for (let index = afterLine; index < lines.length; index += 1) {
    if ((lines[index] ?? '').replace(/\r$/, '') !== '') return index + 1;
  }
  return afterLine + 1;
}

/**
 * Parses CSV text; blank lines are skipped, records may have any number of fields (the import
 * reports a wrong count per line). Fails only when the file cannot be read as CSV at all (a
 * quote left open), naming the line where the broken record starts.
 */
export function parseCsv(text: string, delimiter = ','): CsvParse {
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  let lastEndLine = 0;
  const starts: number[] = [];
  try {
    const rows = parse(input, {
      delimiter,
      record_delimiter: ['\r\n', '\n'],
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      on_record: (record: string[], context) => {
        lastEndLine = context.lines;
        starts.push(context.lines - breaksInside(record));
        return record;
      },
    });
    return { ok: true, records: rows.map((fields, index) => ({ line: starts[index] ?? 0, fields })) };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = nextRecordLine(input, lastEndLine);
    const message = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : error.message;
    return { ok: false, line, message };
  }
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
  /** Cell separator: `,` (RFC 4180) by default; `;` is what a French spreadsheet expects. */
  delimiter?: ',' | ';';
}

/**
 * Serialises rows as RFC 4180 CSV with CRLF line ends. Cells holding a `;` are quoted too, so a
 * French spreadsheet that guesses `;` as the separator still reads each cell whole.
 */
export function writeCsv(rows: readonly (readonly string[])[], options: CsvWriteOptions = {}): string {
  const cells = rows.map((row) =>
    row.map((cell) => (options.neutraliseFormulas && FORMULA_START.test(cell) ? `'${cell}` : cell)),
  );
  return stringify(cells, {
    delimiter: options.delimiter ?? ',',
    record_delimiter: '\r\n',
    quoted_match: /[;,]/,
    bom: options.bom ?? false,
  });
}
