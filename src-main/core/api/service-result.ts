import type { ErrorParams, LogbookErrorCode, LogbookIssue, Outcome } from '../../../src-shared/contract';
import { log } from '../log/logger';

/**
 * The one error class of the core's services: a refusal or failure the caller must understand
 * (as opposed to a bug). It carries a contract error code, so `outcomeOf` answers it as
 * `{ ok: false, error }` and the UI shows a French sentence for the code; the message is for logs
 * and IT. `issues` says which fields were refused, so a form keeps what the operator typed.
 * The socket answers one thrown by a plain (non-outcome) method with `not-found` or
 * `bad-request` and a log line without a stack: a stack means a bug to investigate.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: LogbookErrorCode,
    message: string,
    readonly issues?: LogbookIssue[],
    /** Which case of the code, and the values a French sentence quotes (see ErrorParamsSchema). */
    readonly wording?: { reason?: string; params?: ErrorParams },
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/**
 * Maps SQLite's result codes (better-sqlite3 puts them in `error.code`, e.g. `SQLITE_FULL`,
 * `SQLITE_READONLY_DBMOVED`) and Node's file errors (`ENOSPC`…) to the contract's storage
 * errors. Returns null for anything else.
 * Every write runs in one transaction, so when one of these is thrown nothing was written.
 */
export function storageError(error: unknown): ServiceError | null {
  if (error instanceof ServiceError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const detail = (error as Error).message;
  // Files written beside a database (exports, backups, snapshots) fail with Node's codes.
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ServiceError('disk-full', `disk full (${detail})`);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new ServiceError('read-only', `cannot write there (${detail})`);
  }
  if (code === 'EIO') return new ServiceError('io-error', `disk I/O error (${detail})`);
  if (!code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL') {
    return new ServiceError('disk-full', `disk full, nothing was written (${detail})`);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new ServiceError('read-only', `the database is read-only, nothing was written (${detail})`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ServiceError(
      'locked',
      `the database is locked by another program, nothing was written (${detail})`,
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new ServiceError('io-error', `disk I/O error, nothing was written (${detail})`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new ServiceError('corrupt', `the database file is damaged (${detail})`);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new ServiceError('conflict', detail, undefined, { reason: 'constraint' });
  }
  return null;
}

/** Storage failures worth an error line in the log (the others are the caller's mistakes). */
const LOGGED_CODES = new Set<LogbookErrorCode>(['disk-full', 'read-only', 'locked', 'io-error', 'corrupt']);

/**
 * Runs a handler's work and answers an outcome: service errors and storage failures (full
 * disk, read-only, locked file) become typed errors; anything else is logged with its stack and
 * answered `internal`. Every service's handlers go through it, so one socket speaks one style.
 */
export async function outcomeOf<T>(method: string, work: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const known = storageError(error);
    if (known) {
      if (LOGGED_CODES.has(known.code)) log.error(`${method}: ${known.message}`);
      return {
        ok: false,
        error: {
          code: known.code,
          message: known.message,
          ...(known.wording?.reason === undefined ? {} : { reason: known.wording.reason }),
          ...(known.wording?.params === undefined ? {} : { params: known.wording.params }),
          ...(known.issues ? { issues: known.issues } : {}),
        },
      };
    }
    log.error(`${method} failed: ${(error as Error).stack ?? String(error)}`);
    return { ok: false, error: { code: 'internal', message: 'internal error (details in the log)' } };
  }
}
