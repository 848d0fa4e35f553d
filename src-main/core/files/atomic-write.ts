import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How {@link writeFileAtomic} writes; the defaults suit state files the core rewrites often. */
export interface AtomicWriteOptions {
  /**
   * Where the bytes go before the rename: `<file>` + this suffix (`.tmp` by default). Exports use
   * `.partial`, the name the retention purge leaves alone while a file is being written.
   */
  suffix?: string;
  /**
   * POSIX mode of a private file (e.g. 0o600 for secrets). The temp file then gets a unique name
   * and is created exclusively, so nothing prepared at a predictable name (a symlink) is written
   * through; a missing folder is created 0o700. Ignored by Windows, where the per-user folder's
   * ACL protects it.
   */
  mode?: number;
  /** fsync before the rename, so a power cut cannot leave an empty file under the final name. */
  durable?: boolean;
}

/**
 * Writes `file` so that readers (and a restart after a crash) see the old content or the new,
 * never half of it: the bytes go to a temp file beside it, which is then renamed over it. On any
 * failure the temp file is removed and the error rethrown; the old file is untouched.
 */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const { mode, durable = false } = options;
  mkdirSync(path.dirname(file), mode === undefined ? { recursive: true } : { recursive: true, mode: 0o700 });
  const temp =
    mode === undefined
      ? `${file}${options.suffix ?? '.tmp'}`
      : `${file}.${process.pid}.${randomBytes(4).toString('hex')}${options.suffix ?? '.tmp'}`;
  try {
    const fd = openSync(temp, mode === undefined ? 'w' : 'wx', mode ?? 0o666);
    try {
      writeFileSync(fd, data); // given a descriptor, writes it all
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
