import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from './private-files';

/** How {@link writeFileAtomic} writes; the defaults suit state files the core rewrites often. */
export interface AtomicWriteOptions {
  /**
   * Where the bytes go before the rename: `<file>` + this suffix (`.tmp` by default). Exports use
   * `.partial`, the name the retention purge leaves alone while a file is being written.
   */
  suffix?: string;
  /**
   * POSIX mode of a secret file (e.g. 0o600). The temp file then gets a unique name and is
   * created exclusively, so nothing prepared at a predictable name (a symlink) is written
   * through. Without it the file is still private: 0o600, set explicitly whatever the umask or
   * a stale temp file's mode, because everything written this way lives in the per-user data
   * dir (state files, logbook and audit exports). A missing folder is created 0o700 either way.
   * Ignored by Windows, where the per-user folder's ACL protects it.
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
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp =
    mode === undefined
      ? `${file}${options.suffix ?? '.tmp'}`
      : `${file}.${process.pid}.${randomBytes(4).toString('hex')}${options.suffix ?? '.tmp'}`;
  try {
    const fileMode = mode ?? PRIVATE_FILE_MODE;
    const fd = openSync(temp, mode === undefined ? 'w' : 'wx', fileMode);
    try {
      // open's mode applies only to a new file, filtered by the umask: set it outright.
      if (process.platform !== 'win32') fchmodSync(fd, fileMode);
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
