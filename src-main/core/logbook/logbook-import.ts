import { EntryStatusSchema, FUTURE_TOLERANCE_MS, type LogbookIssue } from '../../../src-shared/contract';
import { parseCsv, sniffDelimiter } from '../documents/csv';
import type { ImportedEntry } from './logbook-store';
import { parseImportInstant } from './logbook-values';

/** Columns every imported file has, as the issue specifies them. */
export const IMPORT_REQUIRED = [
  'observed_at',
  'category',
  'commune',
  'place',
  'cameras',
  'description',
  'status',
] as const;
/** Columns an imported file may add. */
export const IMPORT_OPTIONAL = ['street', 'actions'] as const;

const MAX_IMPORT_LINES = 100_000;

export type ImportValidation = { ok: true; rows: ImportedEntry[] } | { ok: false; issues: LogbookIssue[] };

/**
 * Validates a whole spreadsheet export before anything is written: every problem of every line
 * is reported (line number, column, what is wrong), and the import goes ahead only when there is
 * none. `resolveCategory` gives the taxonomy's own spelling of a category, or null.
 */
export function validateImport(
  text: string,
  resolveCategory: (typed: string) => string | null,
  now: Date,
): ImportValidation {
  const parsed = parseCsv(text, sniffDelimiter(text));
  if (!parsed.ok) return { ok: false, issues: [{ line: parsed.line, message: parsed.message }] };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, issues: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const issues: LogbookIssue[] = [];
  const known = new Set<string>([...IMPORT_REQUIRED, ...IMPORT_OPTIONAL]);
  for (const name of columns) {
    if (!known.has(name)) issues.push({ line: header.line, field: name, message: 'unknown column' });
  }
  for (const name of IMPORT_REQUIRED) {
    if (!columns.includes(name)) issues.push({ line: header.line, field: name, message: 'missing column' });
  }
  if (new Set(columns).size !== columns.length) {
    issues.push({ line: header.line, message: 'a column appears twice' });
  }
  if (issues.length) return { ok: false, issues };
  if (records.length === 0)
    return { ok: false, issues: [{ line: 2, message: 'no entries after the header' }] };
  if (records.length > MAX_IMPORT_LINES) {
    return { ok: false, issues: [{ message: `more than ${MAX_IMPORT_LINES} entries: split the file` }] };
  }

  const rows: ImportedEntry[] = [];
  for (const record of records) {
    const line = record.line;
    const problem = (field: string, message: string): void => void issues.push({ line, field, message });
    if (record.fields.length !== columns.length) {
      issues.push({ line, message: `${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const cell = (name: string): string => (record.fields[columns.indexOf(name)] ?? '').trim();

    const observedAt = parseImportInstant(cell('observed_at'));
    if (!observedAt) problem('observed_at', `"${cell('observed_at')}" is not an ISO 8601 time`);
    else if (Date.parse(observedAt) > now.getTime() + FUTURE_TOLERANCE_MS)
      problem('observed_at', 'in the future');

    const category = resolveCategory(cell('category'));
    if (!category) problem('category', `"${cell('category')}" is not in the taxonomy`);

    const status = EntryStatusSchema.safeParse(cell('status').toLowerCase());
    if (!status.success) problem('status', `"${cell('status')}" is not sans suite, en cours or clos`);

    const cameras: number[] = [];
    for (const part of cell('cameras').split(';')) {
      const value = part.trim();
      if (!value) continue;
      if (!/^\d{1,6}$/.test(value)) problem('cameras', `"${value}" is not a camera number`);
      else cameras.push(Number(value));
    }

    // Spreadsheets write line breaks inside a cell as CRLF; the logbook stores LF.
    const description = cell('description').replace(/\r\n?/g, '\n');
    if (!description) problem('description', 'empty');
    if (description.length > 10_000) problem('description', 'longer than 10 000 characters');
    const lengths: [string, number][] = [
      ['commune', 100],
      ['place', 200],
      ['street', 200],
    ];
    for (const [name, max] of lengths)
      if (cell(name).length > max) problem(name, `longer than ${max} characters`);
    const actions = columns.includes('actions')
      ? cell('actions')
          .split(';')
          .map((action) => action.trim())
          .filter(Boolean)
      : [];

    if (observedAt && category && status.success && issues.every((issue) => issue.line !== line)) {
      rows.push({
        line,
        observedAt,
        category,
        commune: cell('commune'),
        street: columns.includes('street') ? cell('street') : '',
        place: cell('place'),
        cameras,
        description,
        actions,
        status: status.data,
      });
    }
  }
  if (issues.length) return { ok: false, issues };
  // Entry numbers follow observation order within an import, as they would have live.
  rows.sort((a, b) => (a.observedAt < b.observedAt ? -1 : a.observedAt > b.observedAt ? 1 : a.line - b.line));
  return { ok: true, rows };
}
