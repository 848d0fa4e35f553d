import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
} from 'node:fs';
import path from 'node:path';

/**
 * Modes of what Vigie keeps per user: the data dir holds the logbook (operators' PIN hashes,
 * incident reports), the audit trail, logs and wall state, none of which another local account
 * may read. Folders are 0700 and files 0600 on POSIX systems, set explicitly (mkdir's and
 * open's modes are filtered by the umask, which only ever removes bits, and an existing path
 * keeps its old mode), so the result does not depend on how the session was started. Windows
 * has no mode bits: the per-user `%LOCALAPPDATA%` ACL protects the folder there.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Group and "other" permission bits: what a private path must not have. */
const SHARED_BITS = 0o077;

function posix(platform: NodeJS.Platform): boolean {
  return platform !== 'win32';
}

/**
 * Creates `dir` (and missing parents) 0700, or tightens an existing one to 0700. Returns the
 * mode it had when it was looser, so the caller can warn; null when it was already private (or
 * was just created, or on Windows).
 */
export function ensurePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): number | null {
  const existed = existsSync(dir);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix(platform)) return null;
  const mode = lstatSync(dir).mode & 0o777;
  if (mode === PRIVATE_DIR_MODE) return null;
  chmodSync(dir, PRIVATE_DIR_MODE);
  return existed && (mode & SHARED_BITS) !== 0 ? mode : null;
}

/**
 * Makes an existing file private (group and other bits removed; an owner-only file stays as
 * it is). Returns
 * whether it changed. Used for files another library creates with its own default mode (SQLite's
 * database, its `-wal` and `-shm`), right after they are opened.
 */
export function makeFilePrivate(file: string, platform: NodeJS.Platform = process.platform): boolean {
  if (!posix(platform)) return false;
  let mode: number;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return false;
    mode = stat.mode & 0o777;
  } catch {
    return false;
  }
  if ((mode & SHARED_BITS) === 0) return false;
  try {
    chmodSync(file, mode & ~SHARED_BITS);
  } catch {
    // Another owner's file (an admin's copy): opening it is not ours to refuse.
    return false;
  }
  return true;
}

/**
 * Creates `file` empty and 0600 when it does not exist yet, so a library that then opens it
 * (SQLite, which also gives its `-wal` and `-shm` the database's mode) never creates it with its
 * default 0644. An existing file is left as is (see {@link makeFilePrivate}). Best effort: if it
 * cannot be created (a missing folder, created meanwhile), the library's own open reports the
 * problem in its own words, as callers expect.
 */
export function precreatePrivateFile(file: string, platform: NodeJS.Platform = process.platform): void {
  if (!posix(platform) || existsSync(file)) return;
  try {
    const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
    try {
      fchmodSync(fd, PRIVATE_FILE_MODE);
    } finally {
      closeSync(fd);
    }
  } catch {
    // See above: the open that follows says what is wrong.
  }
}

/** Default: sub-trees the walk leaves to their owner (Chromium keeps its profile 0700/0600 itself). */
const SKIPPED = new Set(['chromium']);

/**
 * Removes group and other bits from every folder and file under `root` (itself included),
 * without following symbolic links. Returns the paths it changed, for one start-up warning: a
 * data dir created by an older version, or copied back from a backup, gets private again.
 * Paths it may not change (another owner) are skipped; they are reported by the caller's warning
 * as still loose only if it re-checks them.
 */
export function tightenPrivateTree(
  root: string,
  platform: NodeJS.Platform = process.platform,
  skip: ReadonlySet<string> = SKIPPED,
): string[] {
  if (!posix(platform) || !existsSync(root)) return [];
  const changed: string[] = [];
  const visit = (entry: string, isRoot: boolean): void => {
    let stat;
    try {
      stat = lstatSync(entry);
    } catch {
      return;
    }
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (!isRoot && skip.has(path.basename(entry))) return;
      if ((mode & SHARED_BITS) !== 0) {
        try {
          chmodSync(entry, PRIVATE_DIR_MODE);
          changed.push(entry);
        } catch {
          // Not ours to change (another owner): leave it.
        }
      }
      let names: string[] = [];
      try {
        names = readdirSync(entry);
      } catch {
        return;
      }
      for (const name of names) visit(path.join(entry, name), false);
      return;
    }
    if (stat.isFile() && (mode & SHARED_BITS) !== 0) {
      try {
        chmodSync(entry, mode & ~SHARED_BITS);
        changed.push(entry);
      } catch {
        // Not ours to change: leave it.
      }
    }
  };
  visit(root, true);
  return changed;
}

/**
 * The data dir as the core starts on it: created 0700 if new, else tightened (folder and every
 * path under it). Returns what had to be tightened (empty for a new or already private dir).
 */
export function preparePrivateDataDir(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): string[] {
  if (!existsSync(dataDir)) {
    ensurePrivateDir(dataDir, platform);
    return [];
  }
  return tightenPrivateTree(dataDir, platform);
}
