import path from 'node:path';
import type { CameraFault, LogbookDraft } from '../../../src-shared/contract';
import type { ThrottleLimits } from './login-throttle';
import type { ScryptParams } from './pin-hash';

/*
 * How the logbook service is configured and where it keeps its files: in a file of their own so
 * the service, its handler areas and the CLI share them without importing the service class.
 * `logbook-service.ts` re-exports all of it: callers keep importing from there.
 */

/** Where the logbook keeps its files under the data dir. */
export function logbookPaths(dataDir: string): {
  dir: string;
  database: string;
  backups: string;
  exports: string;
  /** Chain heads, append-only, out of the log's rotation (chain-anchors.ts). */
  anchors: string;
} {
  const dir = path.join(dataDir, 'logbook');
  return {
    dir,
    database: path.join(dir, 'logbook.sqlite'),
    backups: path.join(dir, 'backups'),
    exports: path.join(dir, 'exports'),
    anchors: path.join(dir, 'chain-anchors.jsonl'),
  };
}

/** A camera as "log this" needs it. */
export interface CameraInfo {
  number: number;
  commune: string;
  name: string;
}

export interface LogbookServiceOptions {
  dataDir: string;
  workstation: string;
  siteName?: string;
  /** better_sqlite3.node for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  idleTimeoutMs?: number;
  /** PIN guessing limits (tests shorten the delays). */
  throttle?: Partial<ThrottleLimits>;
  /** The clock; tests move it. */
  now?: () => Date;
  /** Resolves a tile's camera for logbook.prefill. */
  cameraLookup?: (cameraId: string) => CameraInfo | null;
  /**
   * What camera health knows of a camera's outage, for a "panne caméra" prefill; null when it is
   * not down. A function, not the health service: the logbook depends on no other feature.
   */
  cameraFault?: (cameraId: string) => CameraFault | null;
  /**
   * Receives each "log this" draft (logbook.prefill); the core pushes it to every window so the
   * main courante window opens the pre-filled entry, whichever window asked.
   */
  onDraft?: (draft: LogbookDraft) => void;
  /** Automatic backups: how many to keep, how often to check the daily one, or off (tests). */
  backup?: { keep?: number; checkEveryMs?: number; enabled?: boolean };
  /** Cost of PIN hashing; tests lower it. */
  scrypt?: ScryptParams;
  /** Verify the whole chain at start (default true). */
  verifyOnStart?: boolean;
}
