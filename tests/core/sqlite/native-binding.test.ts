import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  electronNativeDir,
  selectSqliteBinding,
  sqliteNativeBinding,
  SQLITE_ADDON_FILE,
} from '../../../src-main/core/sqlite/sqlite-binding';

const ELECTRON = { electron: '39.8.10', platform: 'linux', arch: 'x64' };
const NODE = { electron: undefined, platform: 'linux', arch: 'x64' };
const ROOT = path.resolve('/opt/vigie-dev');
const BUILT = path.join(ROOT, 'dist', 'native', 'electron-39.8.10-linux-x64', SQLITE_ADDON_FILE);

function only(...files: string[]): (file: string) => boolean {
  return (file) => files.includes(file);
}

describe('electronNativeDir', () => {
  it('names the Electron version, platform and arch, so a stale or foreign build is never picked', () => {
    expect(electronNativeDir('39.8.10', 'win32', 'x64')).toBe('dist/native/electron-39.8.10-win32-x64');
  });
});

describe('selectSqliteBinding', () => {
  it('keeps the default (node_modules, Node ABI) build under plain Node, even if an Electron build exists', () => {
    expect(selectSqliteBinding(NODE, [ROOT], () => true)).toBeUndefined();
  });

  it('picks the Electron build under Electron', () => {
    expect(selectSqliteBinding(ELECTRON, [ROOT], only(BUILT))).toBe(BUILT);
  });

  it('ignores a build for another Electron version, platform or arch', () => {
    expect(selectSqliteBinding({ ...ELECTRON, electron: '40.0.0' }, [ROOT], only(BUILT))).toBeUndefined();
    expect(selectSqliteBinding({ ...ELECTRON, platform: 'win32' }, [ROOT], only(BUILT))).toBeUndefined();
    expect(selectSqliteBinding({ ...ELECTRON, arch: 'arm64' }, [ROOT], only(BUILT))).toBeUndefined();
  });

  it('falls back to the default build under Electron when none was built (npm start explained why)', () => {
    expect(selectSqliteBinding(ELECTRON, [ROOT], () => false)).toBeUndefined();
  });

  it('tries each app root in order (bundle first, sources second)', () => {
    const other = path.resolve('/elsewhere');
    expect(selectSqliteBinding(ELECTRON, [other, ROOT], only(BUILT))).toBe(BUILT);
  });

  it('loads from app.asar.unpacked in an installed app, since an addon cannot be loaded from the archive', () => {
    const asar = path.resolve('/opt/Vigie/resources/app.asar');
    const relative = path.join('dist', 'native', 'electron-39.8.10-linux-x64', SQLITE_ADDON_FILE);
    const unpacked = path.join(path.resolve('/opt/Vigie/resources/app.asar.unpacked'), relative);
    const inArchive = path.join(asar, relative);
    expect(selectSqliteBinding(ELECTRON, [asar], only(unpacked, inArchive))).toBe(unpacked);
    // Electron's asar-aware fs may report only the archive path; that path still resolves.
    expect(selectSqliteBinding(ELECTRON, [asar], only(inArchive))).toBe(inArchive);
  });
});

describe('better-sqlite3 under Node (what the tests use)', () => {
  it('needs no special binding here and opens a database with the node_modules build', () => {
    expect(sqliteNativeBinding()).toBeUndefined();
    // No @types/better-sqlite3 yet: type only what this test calls.
    type Database = {
      prepare(sql: string): { get(): unknown };
      close(): void;
    };
    const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as new (
      file: string,
      options?: { nativeBinding?: string },
    ) => Database;
    const db = new BetterSqlite3(':memory:', { nativeBinding: sqliteNativeBinding() });
    try {
      expect(db.prepare('select sqlite_version() as version').get()).toEqual({
        version: expect.stringMatching(/^3\.\d+\.\d+$/) as unknown,
      });
    } finally {
      db.close();
    }
  });
});
