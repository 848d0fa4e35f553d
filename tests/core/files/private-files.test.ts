import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/core/files/atomic-write';
import {
  ensurePrivateDir,
  preparePrivateDataDir,
  tightenPrivateTree,
} from '../../../src-main/core/files/private-files';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';

const mode = (file: string): number => lstatSync(file).mode & 0o777;

let dir: string;
let umask: number;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigie-private-'));
  // The loosest umask: the modes checked below must be Vigie's, not the session's.
  umask = process.umask(0o000);
});
afterEach(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('private files under the data dir', () => {
  it('writeFileAtomic writes 0600 by default, even over a stale 0666 temp file', () => {
    const file = path.join(dir, 'state', 'wall-state.json');
    mkdirSync(path.dirname(file));
    writeFileSync(`${file}.tmp`, 'stale', { mode: 0o666 });
    writeFileAtomic(file, '{"version":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}');
    expect(mode(file)).toBe(0o600);
    writeFileAtomic(path.join(dir, 'new', 'sub', 'x.json'), '{}');
    expect(mode(path.join(dir, 'new'))).toBe(0o700);
    expect(mode(path.join(dir, 'new', 'sub', 'x.json'))).toBe(0o600);
  });

  it('a SQLite database opened for writing is 0600, with its -wal and -shm', () => {
    const file = path.join(dir, 'logbook.sqlite');
    const db = openSqlite(file);
    try {
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
      for (const companion of [file, `${file}-wal`, `${file}-shm`])
        expect(mode(companion), companion).toBe(0o600);
    } finally {
      db.close();
    }
    // One an older version left 0644 is tightened at its next open.
    chmodSync(file, 0o644);
    openSqlite(file).close();
    expect(mode(file)).toBe(0o600);
  });

  it('ensurePrivateDir creates 0700 and reports the mode of a looser existing folder', () => {
    const fresh = path.join(dir, 'a', 'b');
    expect(ensurePrivateDir(fresh)).toBeNull();
    expect(mode(fresh)).toBe(0o700);
    chmodSync(fresh, 0o755);
    expect(ensurePrivateDir(fresh)).toBe(0o755);
    expect(mode(fresh)).toBe(0o700);
  });

  it("tightens a whole tree without following symbolic links, and leaves Chromium's profile alone", () => {
    const outside = path.join(dir, 'outside.txt');
    writeFileSync(outside, 'x', { mode: 0o644 });
    const data = path.join(dir, 'data');
    mkdirSync(path.join(data, 'logbook'), { recursive: true, mode: 0o755 });
    mkdirSync(path.join(data, 'chromium'), { mode: 0o755 });
    writeFileSync(path.join(data, 'logbook', 'logbook.sqlite'), '', { mode: 0o664 });
    writeFileSync(path.join(data, 'chromium', 'Cookies'), '', { mode: 0o644 });
    symlinkSync(outside, path.join(data, 'link'));
    const changed = tightenPrivateTree(data);
    expect(changed.sort()).toEqual(
      [data, path.join(data, 'logbook'), path.join(data, 'logbook', 'logbook.sqlite')].sort(),
    );
    expect(mode(path.join(data, 'logbook', 'logbook.sqlite'))).toBe(0o600);
    expect(mode(outside)).toBe(0o644);
    expect(mode(path.join(data, 'chromium', 'Cookies'))).toBe(0o644);
  });

  it('preparePrivateDataDir creates a new data dir 0700 with nothing to report', () => {
    const data = path.join(dir, 'share', 'vigie');
    expect(preparePrivateDataDir(data)).toEqual([]);
    expect(mode(data)).toBe(0o700);
  });
});
