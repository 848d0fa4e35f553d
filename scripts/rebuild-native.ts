/**
 * Builds better-sqlite3 for Electron's ABI into dist/native/electron-<version>-<platform>-<arch>/,
 * leaving node_modules' build (Node's ABI, used by the tests and `vigie serve`) untouched.
 *
 * Why a separate copy: rebuilding node_modules in place (electron-rebuild, electron-builder's
 * npmRebuild) makes the next `npm test` fail with NODE_MODULE_VERSION errors, and rebuilding it
 * back makes the next `npm start` fail. With one build per runtime, both work from a fresh clone;
 * src-main/core/sqlite/sqlite-binding.ts picks the right one at run time.
 *
 *   tsx scripts/rebuild-native.ts [--strict] [--force] [--platform P] [--arch A]
 *
 * How: in a scratch copy of the installed better-sqlite3, first prebuild-install (a prebuilt
 * Electron binary from the project's GitHub releases; works for another platform too, which
 * cross-packaging needs), then node-gyp against Electron's headers (electronjs.org; host platform
 * only). Offline: put the release tarball in build/prebuilds/, or point VIGIE_ELECTRON_HEADERS at
 * an unpacked Electron headers directory. Does nothing when the build for this Electron and this
 * better-sqlite3 is already there.
 *
 * Exit code: 0 when built, already current, or not buildable here (with an explanation: the wall
 * itself needs no SQLite, so `npm start` goes on); with --strict (packaging) 1 when not built,
 * because an installer must never ship without the addon.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { electronNativeDir, SQLITE_ADDON_FILE } from '../src-main/core/sqlite/sqlite-binding';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const STAMP = 'build-info.json';

interface BuildInfo {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
  method?: string;
}

function say(line: string): void {
  process.stderr.write(`rebuild-native: ${line}\n`);
}

function packageVersion(name: string): { dir: string; version: string } | null {
  try {
    const file = requireFromRoot.resolve(`${name}/package.json`);
    const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
    return { dir: path.dirname(file), version };
  } catch {
    return null;
  }
}

function readStamp(dir: string): BuildInfo | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8')) as BuildInfo;
  } catch {
    return null;
  }
}

/**
 * npm exports its settings to scripts as npm_config_* variables, and node-gyp and prebuild-install
 * obey them over their defaults: a machine-wide `nodedir=/usr` (Debian's Node headers) would
 * silently compile for Node's ABI while we asked for Electron's. Only our own arguments count.
 */
const TARGET_SETTINGS =
  /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|platform|build_from_source)$/i;

function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!TARGET_SETTINGS.test(key)) env[key] = value;
  return env;
}

/** Runs a Node script from node_modules; returns null on success, else the last lines of its output. */
function runNode(entry: string, args: string[], cwd: string, timeoutMs: number): string | null {
  let script: string;
  try {
    script = requireFromRoot.resolve(entry);
  } catch {
    return `${entry} is not installed (it comes with better-sqlite3 and electron-builder: run npm install)`;
  }
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: buildEnv(),
  });
  if (result.status === 0 && !result.error) return null;
  const lines = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('gyp info'));
  // The cause (ENOTFOUND, a compiler error...) is in the middle; the end is node-gyp's boilerplate.
  const boilerplate = /ERR! (stack {3}at|node -v|node-gyp -v|System|command|cwd|not ok|\$npm)/;
  const first = lines.findIndex((line) => /error|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED/i.test(line));
  const picked =
    first === -1 ? lines.slice(-4) : lines.slice(first).filter((line) => !boilerplate.test(line));
  const tail = picked
    .slice(0, 4)
    .map((line) => line.replace(/^gyp (ERR!|WARN) (stack )?/, ''))
    .join(' ');
  return result.error ? `${result.error.message} ${tail}` : tail || `exit code ${String(result.status)}`;
}

/**
 * Refuses an addon built for the wrong runtime, the failure that would otherwise only show on a
 * workstation. Loading it in this Node must fail with Node's ABI-mismatch message naming
 * Electron's NODE_MODULE_VERSION; loading fine means it was built for Node. Host platform only.
 */
function abiProblem(file: string, electronAbi: string): string | null {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'try { process.dlopen({ exports: {} }, process.argv[1]); console.log("LOADED"); } catch (e) { console.log(e.message); }',
      file,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const output = probe.stdout ?? '';
  if (output.includes('LOADED')) return `it loads in Node ${process.version}: it was built for Node's ABI`;
  const match = /NODE_MODULE_VERSION (\d+)\. This version/.exec(output);
  if (!match) return `could not read its ABI (${output.trim() || probe.error?.message || 'no output'})`;
  return match[1] === electronAbi
    ? null
    : `built for NODE_MODULE_VERSION ${match[1]}, Electron needs ${electronAbi}`;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      strict: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      platform: { type: 'string', default: process.platform },
      arch: { type: 'string', default: process.arch },
    },
  });
  const platform = values.platform;
  const arch = values.arch;
  const failed = (reason: string): number => {
    say(reason);
    if (values.strict) return 1;
    say(
      'continuing: the video wall does not need SQLite; anything opening the database in Electron will fail.',
    );
    return 0;
  };

  const electron = packageVersion('electron');
  const sqlite = packageVersion('better-sqlite3');
  if (!electron || !sqlite)
    return failed('electron or better-sqlite3 is not installed: run npm install first.');

  const outDir = path.join(root, electronNativeDir(electron.version, platform, arch));
  const target = path.join(outDir, SQLITE_ADDON_FILE);
  const wanted: BuildInfo = { electron: electron.version, betterSqlite3: sqlite.version, platform, arch };
  const stamp = readStamp(outDir);
  if (
    !values.force &&
    existsSync(target) &&
    stamp?.electron === wanted.electron &&
    stamp.betterSqlite3 === wanted.betterSqlite3
  ) {
    process.stdout.write(`better-sqlite3 ${sqlite.version} for Electron ${electron.version}: up to date\n`);
    return 0;
  }

  const label = `better-sqlite3 ${sqlite.version} for Electron ${electron.version} (${platform}-${arch})`;
  // A scratch copy: building inside node_modules would replace the Node build the tests load.
  const work = mkdtempSync(path.join(tmpdir(), 'vigie-native-'));
  try {
    cpSync(sqlite.dir, work, {
      recursive: true,
      filter: (source) => !['build', 'node_modules', 'prebuilds'].includes(path.relative(sqlite.dir, source)),
    });
    const localPrebuilds = path.join(root, 'build', 'prebuilds');
    if (existsSync(localPrebuilds)) cpSync(localPrebuilds, path.join(work, 'prebuilds'), { recursive: true });
    const built = path.join(work, 'build', 'Release', SQLITE_ADDON_FILE);
    const reasons: string[] = [];
    let method = '';

    say(`fetching a prebuilt ${label}`);
    const prebuild = runNode(
      'prebuild-install/bin.js',
      [
        '--runtime',
        'electron',
        '--target',
        electron.version,
        '--platform',
        platform,
        '--arch',
        arch,
        '--verbose',
      ],
      work,
      120_000,
    );
    if (existsSync(built)) method = 'prebuild-install';
    else reasons.push(`prebuilt download: ${prebuild ?? 'no file produced'}`);

    if (!method && platform === process.platform && arch === process.arch) {
      const headers = process.env.VIGIE_ELECTRON_HEADERS;
      say(`compiling ${label} with node-gyp (a minute or two)`);
      const gyp = runNode(
        'node-gyp/bin/node-gyp.js',
        [
          'rebuild',
          '--release',
          `--target=${electron.version}`,
          `--arch=${arch}`,
          headers ? `--nodedir=${path.resolve(headers)}` : `--dist-url=${ELECTRON_HEADERS_URL}`,
        ],
        work,
        15 * 60_000,
      );
      if (!gyp && existsSync(built)) method = 'node-gyp';
      else {
        reasons.push(
          `node-gyp with Electron headers from ${headers ?? ELECTRON_HEADERS_URL}: ${gyp ?? 'no file produced'}`,
        );
      }
    } else if (!method) {
      reasons.push(
        `node-gyp: not tried, ${platform}-${arch} is not this machine (${process.platform}-${process.arch})`,
      );
    }

    if (method && platform === process.platform && arch === process.arch) {
      const electronAbi = readFileSync(path.join(electron.dir, 'abi_version'), 'utf8').trim();
      const problem = abiProblem(built, electronAbi);
      if (problem) {
        reasons.push(`${method} produced a wrong addon: ${problem}`);
        method = '';
      }
    }

    if (!method) {
      return failed(
        `could not build ${label}.\n  ${reasons.join('\n  ')}\n` +
          '  Fix: allow github.com and electronjs.org, or put the release tarball in build/prebuilds/, or set\n' +
          '  VIGIE_ELECTRON_HEADERS to unpacked Electron headers; then run `tsx scripts/rebuild-native.ts`.',
      );
    }
    mkdirSync(outDir, { recursive: true });
    copyFileSync(built, target);
    writeFileSync(path.join(outDir, STAMP), `${JSON.stringify({ ...wanted, method }, null, 2)}\n`);
    process.stdout.write(`${label}: ${path.relative(root, target)} (${method})\n`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
