import path from 'node:path';
import type { CameraLabel } from './audit-export';

/*
 * How the audit trail is configured and where it keeps its files: in a file of their own so the
 * service, its handlers (audit-handlers.ts) and the CLI share them without importing the service
 * class. `audit-service.ts` re-exports all of it: callers keep importing from there.
 */

/** Where the audit trail keeps its files under the data dir. */
export function auditPaths(dataDir: string): {
  dir: string;
  database: string;
  exports: string;
  register: string;
  /** Events that could not be written at stop, replayed at the next start (audit-spill.ts). */
  spill: string;
} {
  const dir = path.join(dataDir, 'audit');
  return {
    dir,
    database: path.join(dir, 'audit.sqlite'),
    exports: path.join(dir, 'exports'),
    register: path.join(dir, 'register'),
    spill: path.join(dir, 'pending-at-stop.bin'),
  };
}

/** The audit trail's files (`auditPaths`). */
export type AuditPaths = ReturnType<typeof auditPaths>;

export interface AuditServiceOptions {
  dataDir: string;
  workstation: string;
  siteName: string;
  /** Names a camera in exports ("n° 12 Place de la Mairie"). */
  camera?: CameraLabel;
  now?: () => Date;
  /** better_sqlite3.node for the running runtime (Electron passes its own build). */
  nativeBinding?: string;
  /** Verify the whole chain at start, in the background (default true). */
  verifyOnStart?: boolean;
  /** Events are written in batches this often (one fsync per batch, not per tile change). */
  flushDelayMs?: number;
}
