import { createRequire } from 'node:module';
import { makeFilePrivate, precreatePrivateFile } from '../files/private-files';

/**
 * The part of better-sqlite3's API the logbook uses, typed here.
 *
 * better-sqlite3 ships no TypeScript types and @types/better-sqlite3 is not installed, so the
 * module is loaded through `createRequire` and described by these interfaces instead of an
 * ambient declaration (which would clash the day the @types package is added). The same
 * loader resolves the module from node_modules under tsx, plain Node and the Electron bundle,
 * where better-sqlite3 is kept external.
 */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement<Row = Record<string, unknown>> {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
  iterate(...params: unknown[]): IterableIterator<Row>;
}

/** A function wrapped by `db.transaction`: BEGIN/COMMIT around it, ROLLBACK when it throws. */
export interface SqliteTransaction<F extends (...args: never[]) => unknown> {
  (...args: Parameters<F>): ReturnType<F>;
  /** BEGIN IMMEDIATE: takes the write lock at once, so the work never fails half-way on a lock. */
  immediate(...args: Parameters<F>): ReturnType<F>;
  deferred(...args: Parameters<F>): ReturnType<F>;
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface SqliteDatabase {
  prepare<Row = Record<string, unknown>>(sql: string): SqliteStatement<Row>;
  exec(sql: string): SqliteDatabase;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  transaction<F extends (...args: never[]) => unknown>(fn: F): SqliteTransaction<F>;
  /** Online backup (sqlite3_backup in steps): other statements keep running meanwhile. */
  backup(
    destination: string,
    options?: { progress?: (info: BackupProgress) => number },
  ): Promise<BackupProgress>;
  close(): void;
  readonly open: boolean;
  readonly inTransaction: boolean;
  readonly name: string;
  readonly readonly: boolean;
}

export interface OpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Milliseconds to wait for another connection's lock before failing with SQLITE_BUSY. */
  timeout?: number;
  /**
   * Path to a better_sqlite3.node built for the running runtime: the module in node_modules is
   * compiled for Node, Electron needs its own build.
   */
  nativeBinding?: string;
}

type SqliteConstructor = new (file: string, options?: OpenOptions) => SqliteDatabase;

const requireHere = createRequire(import.meta.url);
let constructorCache: SqliteConstructor | null = null;

/** Where better-sqlite3 resolves from; the backup checker's worker loads the same module. */
export function sqliteModulePath(): string {
  return requireHere.resolve('better-sqlite3');
}

/**
 * Opens a database file with better-sqlite3. A database opened for writing is kept private
 * (0600): SQLite creates files 0644 and gives its `-wal` and `-shm` the database's mode, so the
 * file is created 0600 first and an older, looser one is tightened with its companions. Vigie's
 * databases hold operators' PIN hashes and incident reports.
 */
export function openSqlite(file: string, options: OpenOptions = {}): SqliteDatabase {
  const writable = options.readonly !== true && file !== ':memory:' && file !== '';
  if (writable && options.fileMustExist !== true) precreatePrivateFile(file);
  if (!constructorCache) {
    const loaded: unknown = requireHere('better-sqlite3');
    constructorCache = loaded as SqliteConstructor;
  }
  const clean: OpenOptions = {};
  if (options.readonly !== undefined) clean.readonly = options.readonly;
  if (options.fileMustExist !== undefined) clean.fileMustExist = options.fileMustExist;
  if (options.timeout !== undefined) clean.timeout = options.timeout;
  if (options.nativeBinding !== undefined) clean.nativeBinding = options.nativeBinding;
  const db = new constructorCache(file, clean);
  if (writable) for (const companion of [file, `${file}-wal`, `${file}-shm`]) makeFilePrivate(companion);
  return db;
}
