import { existsSync } from 'node:fs';
import { ServiceError } from '../api/service-result';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { openSqlite, type SqliteDatabase } from '../sqlite/sqlite-driver';

export interface LogbookDbOptions {
  /** Open for reading only (verification of a live or backed-up file): no migration. */
  readonly?: boolean;
  /** better_sqlite3.node built for the running runtime (Electron); Node's build by default. */
  nativeBinding?: string;
  /**
   * How long a statement waits for another connection's lock (the CLI importing while the app
   * runs) before failing with `locked`. Short, because the wait blocks the core's event loop.
   */
  busyTimeoutMs?: number;
  /**
   * WAL pages after which a commit also checkpoints (SQLite's default 1000). The service sets 0
   * and checkpoints from a timer instead, so no operator's write pays for a checkpoint.
   */
  walAutoCheckpoint?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 2000;

/**
 * Opens the logbook database and brings its schema to this build's version.
 *
 * WAL with synchronous=FULL: a commit returns only once its WAL frames are on disk, so an
 * acknowledged entry survives a power cut or a kill -9, and readers never block the writer.
 * Migrations run by `user_version`, each in its own transaction with the version bump, so a
 * crash mid-migration leaves the previous version intact. A database written by a newer Vigie
 * is refused rather than guessed at.
 */
export function openLogbookDatabase(file: string, options: LogbookDbOptions = {}): SqliteDatabase {
  if (options.readonly && !existsSync(file)) {
    throw new ServiceError('unavailable', `no logbook database at ${file}`);
  }
  const db = openSqlite(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    nativeBinding: options.nativeBinding,
  });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new ServiceError(
        'unavailable',
        `the logbook database ${file} has schema version ${version}, newer than this Vigie (version ${SCHEMA_VERSION}): install the newer Vigie, or restore a backup made by this one`,
      );
    }
    db.pragma('foreign_keys = ON');
    if (options.readonly) return db;
    const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (mode.toLowerCase() !== 'wal') throw new Error(`could not switch ${file} to WAL (got ${mode})`);
    db.pragma('synchronous = FULL');
    if (options.walAutoCheckpoint !== undefined)
      db.pragma(`wal_autocheckpoint = ${options.walAutoCheckpoint}`);
    migrate(db, version);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: SqliteDatabase, from: number): void {
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      // Another process (the CLI, a second window's core) may have migrated since we looked.
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
