import { describe, expect, it } from 'vitest';
import { parseCsv, sniffDelimiter, writeCsv } from '../../../src-main/core/documents/csv';
import {
  communeKey,
  ftsQuery,
  localMidnight,
  parseImportInstant,
  toStoredInstant,
} from '../../../src-main/core/logbook/logbook-values';

describe('CSV', () => {
  it('reads quoted separators, doubled quotes, line breaks, CRLF, a BOM and blank lines', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","il a dit ""stop"""\r\n\r\n2,"deux\nlignes",\n3,,';
    expect(parseCsv(text)).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['1', 'x, y', 'il a dit "stop"'] },
        { line: 4, fields: ['2', 'deux\nlignes', ''] },
        { line: 6, fields: ['3', '', ''] },
      ],
    });
    expect(parseCsv('a,b\n1,"open\n2,3')).toEqual({
      ok: false,
      line: 2,
      message: 'a quoted field is never closed',
    });
    expect(sniffDelimiter('\uFEFFobserved_at;category;commune\n1;2;3')).toBe(';');
    expect(sniffDelimiter('observed_at,category\n')).toBe(',');
    expect(parseCsv('a;b\n"1;2";3', ';')).toMatchObject({
      records: [{ fields: ['a', 'b'] }, { fields: ['1;2', '3'] }],
    });
  });

  it('writes what it reads back, and neutralises formulas for spreadsheets', () => {
    const rows = [
      ['id', 'texte'],
      ['1', 'a, "b"\nc'],
      ['2', '=SOMME(A1)'],
      ['3', '-2 individus'],
    ];
    const plain = writeCsv(rows);
    expect(plain).toBe('id,texte\r\n1,"a, ""b""\nc"\r\n2,=SOMME(A1)\r\n3,-2 individus\r\n');
    expect(parseCsv(plain)).toMatchObject({ ok: true, records: rows.map((fields) => ({ fields })) });
    const safe = writeCsv(rows, { neutraliseFormulas: true, bom: true });
    expect(safe.startsWith('\uFEFF')).toBe(true);
    expect(safe).toContain("2,'=SOMME(A1)\r\n3,'-2 individus\r\n");
  });
});

describe('values', () => {
  it('reads import times with an offset, in UTC, or in local time, and refuses impossible dates', () => {
    expect(parseImportInstant('2024-03-01T14:30:00+01:00')).toBe('2024-03-01T13:30:00.000Z');
    expect(parseImportInstant('2024-03-01T14:30:00+0100')).toBe('2024-03-01T13:30:00.000Z');
    expect(parseImportInstant('2024-03-01T14:30Z')).toBe('2024-03-01T14:30:00.000Z');
    expect(parseImportInstant('2024-03-01 14:30:15.5')).toBe(
      new Date(2024, 2, 1, 14, 30, 15, 500).toISOString(),
    );
    for (const bad of [
      '2024-02-30T10:00',
      '2024-13-01T10:00',
      '01/03/2024 14:30',
      '2024-03-01',
      '',
      'hier',
    ]) {
      expect(parseImportInstant(bad), bad).toBeNull();
    }
    expect(toStoredInstant('2025-01-01T00:00:00+02:00')).toBe('2024-12-31T22:00:00.000Z');
    expect(toStoredInstant('nope')).toBeNull();
  });

  it('matches communes whatever the case, accents and hyphens', () => {
    expect(communeKey('Saint-Étienne')).toBe('saint etienne');
    expect(communeKey('  SAINT   ETIENNE ')).toBe('saint etienne');
    expect(communeKey("L'Haÿ-les-Roses")).toBe('l hay les roses');
  });

  it('quotes every word of a full-text query so operators cannot break it', () => {
    expect(ftsQuery('scooter rouge')).toBe('"scooter"* "rouge"*');
    expect(ftsQuery('kiosq* "NEAR(x"')).toBe('"kiosq"* "NEAR(x"*');
    expect(ftsQuery(' - * "" ')).toBeNull();
  });

  it('starts the MC du jour at local midnight', () => {
    const now = new Date(2025, 5, 15, 3, 20);
    expect(localMidnight(now)).toBe(new Date(2025, 5, 15).toISOString());
  });
});
