import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which compiled better-sqlite3 addon to load.
 *
 * A `.node` addon only loads in the runtime whose ABI it was compiled for, and this project has
 * two: Node (unit tests, `vigie serve`) and Electron (the app). Rebuilding node_modules in place
 * for one breaks the other, so node_modules keeps the Node build and `scripts/rebuild-native.ts`
 * puts an Electron build beside the app, in `dist/native/electron-<version>-<platform>-<arch>/`.
 * This module picks the file at run time and is passed to better-sqlite3 as `nativeBinding`.
 */

/** The addon's file name, as better-sqlite3's own build writes it. */
export const SQLITE_ADDON_FILE = 'better_sqlite3.node';

/** The runtime facts the choice depends on; taken from `process` in production, given in tests. */
export interface NativeRuntime {
  /** `process.versions.electron`: undefined under plain Node. */
  electron: string | undefined;
  platform: string;
  arch: string;
}

/**
 * Folder of the Electron build, relative to the app root. Version, platform and arch are all in
 * the name because an addon built for another Electron or another machine type would crash the
 * app at load instead of failing cleanly; a stale folder is simply never looked at.
 */
export function electronNativeDir(electronVersion: string, platform: string, arch: string): string {
  return path.posix.join('dist', 'native', `electron-${electronVersion}-${platform}-${arch}`);
}

/**
 * Inside a packaged app the root is `resources/app.asar`, but a `.node` file cannot be loaded from
 * an archive: electron-builder's `asarUnpack` puts it in `app.asar.unpacked`, so look there first.
 */
function unpackedVariant(file: string): string | null {
  const marker = `${path.sep}app.asar${path.sep}`;
  const at = file.indexOf(marker);
  if (at === -1) return null;
  return `${file.slice(0, at)}${path.sep}app.asar.unpacked${path.sep}${file.slice(at + marker.length)}`;
}

/**
 * The `nativeBinding` to give better-sqlite3: the Electron build's path when running in Electron
 * and one exists under an app root, else undefined, which lets better-sqlite3 load its default
 * (Node) build from node_modules. Pure so each case is unit-tested without Electron.
 *
 * Under Electron with no Electron build found it also returns undefined rather than throwing:
 * opening a database then fails with better-sqlite3's own NODE_MODULE_VERSION message, which
 * `npm start` has already explained (see scripts/rebuild-native.ts), and the video wall, which
 * does not need SQLite, keeps working.
 */
export function selectSqliteBinding(
  runtime: NativeRuntime,
  appRoots: readonly string[],
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  if (!runtime.electron) return undefined;
  const relative = electronNativeDir(runtime.electron, runtime.platform, runtime.arch);
  for (const root of appRoots) {
    const file = path.join(root, relative, SQLITE_ADDON_FILE);
    const unpacked = unpackedVariant(file);
    if (unpacked && exists(unpacked)) return unpacked;
    if (exists(file)) return file;
  }
  return undefined;
}

/**
 * Where the app root may be relative to this module: `dist-electron/main.cjs` once bundled (root
 * one level up), `src-main/core/native/` when run from sources (three levels up).
 */
function appRoots(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.resolve(here, '..'), path.resolve(here, '..', '..', '..')];
}

/** `selectSqliteBinding` for the current process: what the code opening the database calls. */
export function sqliteNativeBinding(): string | undefined {
  return selectSqliteBinding(
    { electron: process.versions.electron, platform: process.platform, arch: process.arch },
    appRoots(),
  );
}
