import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logbookPaths } from '../../../src-main/core/logbook/logbook-service';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';
import { runVigie } from '../../support/vigie-cli';
import { scratchDir } from './logbook-support';

const scratch = scratchDir('vigie-logbook-cli-');
afterAll(() => scratch.cleanup());
const dataDir = path.join(scratch.dir, 'data');
const vigie = (args: string[], stdin = '') =>
  runVigie(args, { env: { ...process.env, VIGIE_CONFIG: '', VIGIE_DATA_DIR: '' }, stdin });

/** `vigie operator add` into the test's data dir; a `pin` is sent on stdin with --pin-stdin, none leaves the flag out. */
const addOperator = (name: string, badge: string, role: string, pin?: string) =>
  vigie(
    [
      ...['operator', 'add', '--name', name, '--badge', badge, '--role', role],
      ...(pin === undefined ? [] : ['--pin-stdin']),
      ...['--data-dir', dataDir],
    ],
    pin,
  );

const HEADER = 'observed_at,category,commune,place,cameras,description,status';

describe('vigie operator add / logbook import / logbook verify', () => {
  it('provisions an operator with the PIN on stdin, never on the command line', async () => {
    const noPin = await addOperator('X', 'X1', 'admin');
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toContain('--pin-stdin');

    const badRole = await addOperator('X', 'X1', 'chef', '1234\n');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role');

    const added = await addOperator('Jeanne Chef', 'J42', 'chef de salle', '4321\n');
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe('Added operator J42 (Jeanne Chef, chef de salle)\n');
    expect(added.code).toBe(0);

    const db = openSqlite(logbookPaths(dataDir).database, { readonly: true });
    const row = db.prepare('SELECT role, pin_hash FROM operators WHERE badge = ?').get('J42') as {
      role: string;
      pin_hash: string;
    };
    db.close();
    expect(row.role).toBe('chef de salle');
    expect(row.pin_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.pin_hash).not.toContain('4321');

    const duplicate = await addOperator('Autre', 'j42', 'operator', '1111');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already taken');
  });

  it('imports nothing when any line is wrong, and says what is wrong on which line', async () => {
    const file = path.join(scratch.dir, 'bad.csv');
    writeFileSync(
      file,
      [
        HEADER,
        '2024-03-01T14:30:00+01:00,rixe,Vigieville,Gare,12;13,"Bagarre, deux individus",clos',
        '2024-02-30T10:00,ovni,Vigieville,Port,7,Texte,fini',
        '2024-03-02T10:00,accident,Vigieville,Pont,A7,,en cours',
        '2024-03-02T11:00,accident,Vigieville,Pont,7,Trop de colonnes,clos,extra',
      ].join('\n'),
    );
    const result = await vigie(['logbook', 'import', file, '--operator', 'J42', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'line 3, observed_at: "2024-02-30T10:00" is not an ISO 8601 time',
      'line 3, category: "ovni" is not in the taxonomy',
      'line 3, status: "fini" is not sans suite, en cours or clos',
      'line 4, cameras: "A7" is not a camera number',
      'line 4, description: empty',
      'line 5: 8 fields, the header has 7',
      `Nothing imported: 6 problem(s) on 3 line(s) of ${file}.`,
    ]);
    const verify = await vigie(['logbook', 'verify', '--data-dir', dataDir]);
    expect(verify.stdout.split('\n')[0]).toBe('OK 0 records');
  });

  it('imports a spreadsheet export all at once, then verifies the chain', async () => {
    const file = path.join(scratch.dir, 'good.csv');
    writeFileSync(
      file,
      '\uFEFF' +
        [
          HEADER,
          '2024-03-01T14:30:00+01:00,rixe,Vigieville,Gare,12;13,"Bagarre, deux individus",clos',
          '2024-03-01 22:05,Trafic de stupéfiants,Vigieville,Square,,"Deal ""à la main""',
          'sur deux lignes",en cours',
          '2024-03-02T08:00:00Z,technique — caméra en panne,Vigieville,Parking,9,Caméra 9 noire,sans suite',
        ].join('\r\n'),
    );
    const result = await vigie(['logbook', 'import', file, '--operator', 'J42', '--data-dir', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Imported 3 entries from .*good\.csv as import #1 \(entries 1–3\)\n$/);

    const db = openSqlite(logbookPaths(dataDir).database, { readonly: true });
    const rows = db
      .prepare('SELECT observed_at, category, cameras, description, status FROM entries ORDER BY id')
      .all();
    db.close();
    expect(rows).toEqual([
      {
        observed_at: '2024-03-01T13:30:00.000Z',
        category: 'rixe',
        cameras: '[12,13]',
        description: 'Bagarre, deux individus',
        status: 'clos',
      },
      {
        observed_at: new Date(2024, 2, 1, 22, 5).toISOString(),
        category: 'trafic de stupéfiants',
        cameras: '[]',
        description: 'Deal "à la main"\nsur deux lignes',
        status: 'en cours',
      },
      {
        observed_at: '2024-03-02T08:00:00.000Z',
        category: 'technique — caméra en panne',
        cameras: '[9]',
        description: 'Caméra 9 noire',
        status: 'sans suite',
      },
    ]);

    const verify = await vigie(['logbook', 'verify', '--data-dir', dataDir]);
    expect(verify.code).toBe(0);
    // The import record plus its three entries.
    // No core has run on this data dir yet, so no chain head was published.
    expect(verify.stdout).toMatch(
      /^OK 4 records\nhead #4 [0-9a-f]{64}\nanchors: 0 published chain heads all present\n$/,
    );
  });

  it('names the first broken record and exits 1 after tampering, even without triggers', async () => {
    const db = openSqlite(logbookPaths(dataDir).database);
    db.exec('DROP TRIGGER entries_append_only_update');
    db.prepare(`UPDATE entries SET status = 'clos' WHERE id = 2`).run();
    db.close();
    const verify = await vigie(['logbook', 'verify', '--data-dir', dataDir]);
    expect(verify.code).toBe(1);
    expect(verify.stdout.split('\n')[0]).toBe(
      'BROKEN record #3 (entries id 2): row content does not match its hash (the row was modified)',
    );
  });

  it('exits 2 when there is no logbook to verify', async () => {
    const result = await vigie(['logbook', 'verify', '--data-dir', path.join(scratch.dir, 'nowhere')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no logbook database');
  });
});
