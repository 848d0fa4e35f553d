import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real, small filesystem (tmpfs) that tests can fill to the last byte. */
export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk refuses (ENOSPC); returns its path. */
  fill(): string;
  /** Frees what fill() took. */
  free(): void;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `sizeMb` (needs root). Returns null when mounting is not allowed here, so the
 * caller can skip with a message instead of faking a full disk.
 */
export function mountSmallDisk(sizeMb: number): SmallDisk | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const filler = path.join(dir, 'filler.bin');
  return {
    dir,
    fill: () => {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      // The last bytes a partial chunk may have left.
      const tail = openSync(filler, 'a');
      try {
        for (;;) writeSync(tail, Buffer.alloc(512, 1));
      } catch {
        // full
      } finally {
        closeSync(tail);
      }
      return filler;
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
