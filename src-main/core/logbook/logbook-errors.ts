import type { LogbookErrorCode, LogbookIssue } from '../../../src-shared/contract';

/**
 * An error the logbook expects and the operator must understand (as opposed to a bug). It
 * carries a contract error code, so handlers turn it into `{ ok: false, error }` and the UI
 * shows a French sentence for the code (messages here are for logs and IT), keeping whatever the
 * operator typed.
 */
export class LogbookError extends Error {
  constructor(
    readonly code: LogbookErrorCode,
    message: string,
    readonly issues?: LogbookIssue[],
  ) {
    super(message);
    this.name = 'LogbookError';
  }
}

/**
 * Maps SQLite's result codes (better-sqlite3 puts them in `error.code`, e.g. `SQLITE_FULL`,
 * `SQLITE_READONLY_DBMOVED`) and Node's file errors (`ENOSPC`…) to the contract's storage
 * errors. Returns null for anything else.
 * Every write runs in one transaction, so when one of these is thrown nothing was written.
 */
export function storageError(error: unknown): LogbookError | null {
  if (error instanceof LogbookError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const detail = (error as Error).message;
  // Files the logbook writes beside the database (exports, backups) fail with Node's codes.
  if (code === 'ENOSPC' || code === 'EDQUOT') return new LogbookError('disk-full', `disk full (${detail})`);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new LogbookError('read-only', `cannot write there (${detail})`);
  }
  if (code === 'EIO') return new LogbookError('io-error', `disk I/O error (${detail})`);
  if (!code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL') {
    return new LogbookError('disk-full', `disk full, nothing was written (${detail})`);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new LogbookError(
      'read-only',
      `the logbook database is read-only, nothing was written (${detail})`,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LogbookError(
      'locked',
      `the logbook database is locked by another program, nothing was written (${detail})`,
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new LogbookError('io-error', `disk I/O error, nothing was written (${detail})`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new LogbookError('corrupt', `the logbook database file is damaged (${detail})`);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new LogbookError('conflict', detail);
  }
  return null;
}
