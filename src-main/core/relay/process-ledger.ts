import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../files/private-files';
import { log } from '../log/logger';

/** Environment variable every relay ffmpeg carries, naming the core that owns it. */
export const OWNER_ENV = 'VIGIE_RELAY_OWNER';

/**
 * Remembers the PIDs of the relay's ffmpeg processes in the data dir, so a core that crashed
 * (or was killed -9) leaves nothing running after the next start: a stalled camera's ffmpeg
 * writes nothing, so it would never die of the broken pipe on its own.
 */
export class ProcessLedger {
  readonly file: string;

  constructor(
    dataDir: string,
    /** Marker put in each child's environment; cleanup only kills processes carrying it. */
    readonly owner: string = dataDir,
  ) {
    this.file = path.join(dataDir, 'run', 'relay-pids');
  }

  /** Kills what a previous run of this core left behind, then starts a fresh ledger. */
  reapOrphans(): number[] {
    const killed: number[] = [];
    if (existsSync(this.file)) {
      for (const pid of new Set(readFileSync(this.file, 'utf8').split('\n').map(Number))) {
        if (!Number.isInteger(pid) || pid <= 1 || !ownedBy(pid, this.owner)) continue;
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            continue;
          }
        }
        killed.push(pid);
      }
    }
    if (killed.length)
      log.warn(`killed ${killed.length} relay process(es) left by a previous run: ${killed.join(', ')}`);
    ensurePrivateDir(path.dirname(this.file));
    writeFileSync(this.file, '', { mode: PRIVATE_FILE_MODE });
    return killed;
  }

  record(pid: number): void {
    try {
      appendFileSync(this.file, `${pid}\n`);
    } catch (error) {
      log.warn(`cannot record relay pid ${pid}: ${(error as Error).message}`);
    }
  }

  /** The environment a relay child runs with. */
  env(): NodeJS.ProcessEnv {
    return { ...process.env, [OWNER_ENV]: this.owner };
  }
}

/** True when `pid` is alive and carries our owner marker (so a reused PID is never killed). */
function ownedBy(pid: number, owner: string): boolean {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return environ.includes(`${OWNER_ENV}=${owner}`);
  } catch {
    return false;
  }
}
