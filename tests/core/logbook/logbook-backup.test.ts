import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backupDatabase,
  checkCopy,
  listBackups,
  pruneBackups,
} from '../../../src-main/core/logbook/logbook-backup';
import { openSqlite } from '../../../src-main/core/sqlite/sqlite-driver';
import { ctx, draft, scratchDir, scratchStore } from './logbook-support';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

describe('backups', () => {
  it('copies a live database while it is written to, checks the copy, and the copy verifies', async () => {
    const s = scratchStore();
    cleanups.push(s.cleanup);
    s.store.openShift(ctx(s.alice));
    for (let i = 0; i < 200; i += 1) s.store.createEntry(ctx(s.alice), draft(), { requireShift: true });
    const dir = path.join(s.dir, 'backups');
    const running = backupDatabase(s.store.db, dir, 'manual', new Date());
    // Writes go on during the online backup.
    s.store.createEntry(ctx(s.alice), draft({ description: 'pendant la sauvegarde' }), {
      requireShift: true,
    });
    const info = await running;
    expect(info).toMatchObject({ ok: true, reason: 'manual' });
    expect(info.path).toMatch(/logbook-\d{8}-\d{6}-\d{3}-manual\.sqlite$/);
    const { LogbookStore } = await import('../../../src-main/core/logbook/logbook-store');
    const copy = new LogbookStore(openSqlite(info.path, { readonly: true }));
    expect(copy.chain.verify().ok).toBe(true);
    copy.close();
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('reports a copy that fails its check instead of passing it off as a backup', async () => {
    const { dir, cleanup } = scratchDir();
    cleanups.push(cleanup);
    const garbage = path.join(dir, 'garbage.sqlite');
    writeFileSync(garbage, Buffer.alloc(8192, 7));
    const check = await checkCopy(garbage);
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/not a database|file is not/);
  });

  it('keeps the newest backups only', () => {
    const { dir, cleanup } = scratchDir();
    cleanups.push(cleanup);
    const names = [1, 2, 3, 4, 5].map((day) => `logbook-2025030${day}-120000-000-daily.sqlite`);
    for (const name of [...names, 'logbook-20250301-120000-000-daily.sqlite.bad', 'notes.txt']) {
      writeFileSync(path.join(dir, name), 'x');
    }
    expect(pruneBackups(dir, 3).map((file) => path.basename(file))).toEqual(names.slice(0, 2));
    expect(listBackups(dir).map((backup) => path.basename(backup.file))).toEqual(names.slice(2));
    expect(readdirSync(dir)).toContain('logbook-20250301-120000-000-daily.sqlite.bad');
  });
});
