import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackupInfo } from '../../../src-shared/contract';
import { ensurePrivateDir, precreatePrivateFile } from '../files/private-files';
import { sqliteModulePath, type SqliteDatabase } from '../sqlite/sqlite-driver';

export type BackupReason = BackupInfo['reason'];

/** What the check of a copy found. */
export interface CopyCheck {
  ok: boolean;
  /** `ok`, or the first lines integrity_check returned, or why the copy could not be opened. */
  message: string;
  /** Chain records in the copy. */
  records: number;
}

const BACKUP_NAME = /^logbook-\d{8}-\d{6}-\d{3}-(shift-close|daily|manual)\.sqlite$/;

/**
 * Checks a copy in a worker thread: PRAGMA integrity_check reads every page, which on a big
 * logbook takes seconds that the core's event loop (video relay, API) must not lose. The worker
 * is plain JavaScript evaluated from this string, so it runs the same under tsx, Node and the
 * Electron bundle, and loads the very better-sqlite3 module (and native binding) the core uses.
 * It also switches the copy to a rollback journal, so a backup is one self-contained file.
 */
const CHECK_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db;
try {
  db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
  db.pragma('journal_mode = DELETE');
  const lines = db.pragma('integrity_check').map((row) => row.integrity_check);
  const records = db.prepare('SELECT count(*) AS n FROM logbook_chain').get().n;
  parentPort.postMessage({ ok: lines.length === 1 && lines[0] === 'ok', message: lines.slice(0, 5).join('; '), records });
} catch (error) {
  parentPort.postMessage({ ok: false, message: String((error && error.message) || error), records: 0 });
} finally {
  if (db) db.close();
}
`;

/** Runs integrity_check on a database file off the main thread. */
export function checkCopy(file: string, nativeBinding?: string): Promise<CopyCheck> {
  return new Promise((resolve) => {
    const worker = new Worker(CHECK_WORKER, {
      eval: true,
      workerData: { file, modulePath: sqliteModulePath(), nativeBinding: nativeBinding ?? null },
    });
    let settled = false;
    const finish = (result: CopyCheck): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    worker.once('message', (message: CopyCheck) => finish(message));
    worker.once('error', (error) => finish({ ok: false, message: error.message, records: 0 }));
    worker.once('exit', (code) =>
      finish({ ok: false, message: `checker exited with code ${code}`, records: 0 }),
    );
  });
}

function stamp(date: Date): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}-` +
    pad(date.getUTCMilliseconds(), 3)
  );
}

/**
 * Online backup of the live database (better-sqlite3's backup API: the copy is consistent while
 * the core keeps writing), then an integrity check of the copy. A copy that fails its check is
 * kept as `.bad` for inspection and reported, never passed off as a backup. Names carry the UTC
 * time, so they sort chronologically: `logbook-20250301-221500-000-shift-close.sqlite`.
 */
export async function backupDatabase(
  db: SqliteDatabase,
  dir: string,
  reason: BackupReason,
  now: Date,
  nativeBinding?: string,
): Promise<BackupInfo> {
  ensurePrivateDir(dir);
  const name = `logbook-${stamp(now)}-${reason}.sqlite`;
  const final = path.join(dir, name);
  const partial = `${final}.partial`;
  const info = (ok: boolean, message: string, file = final): BackupInfo => ({
    path: file,
    at: now.toISOString(),
    reason,
    ok,
    message,
  });
  try {
    // The copy holds what the live database holds (PIN hashes included): 0600 like it.
    precreatePrivateFile(partial);
    await db.backup(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    return info(false, `backup failed: ${(error as Error).message}`, partial);
  }
  const check = await checkCopy(partial, nativeBinding);
  if (!check.ok) {
    const bad = `${final}.bad`;
    renameSync(partial, bad);
    return info(false, check.message, bad);
  }
  renameSync(partial, final);
  return info(true, `ok (${check.records} records)`);
}

/** Backups in `dir`, oldest first. */
export function listBackups(dir: string): { file: string; mtimeMs: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { file, mtimeMs: statSync(file).mtimeMs };
    });
}

/** Deletes the oldest backups beyond `keep` (checked ones only; `.bad` files stay for IT). */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - keep)).map((backup) => backup.file);
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}
