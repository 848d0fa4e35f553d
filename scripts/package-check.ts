/**
 * Refuses to package an installer that would install fine and then fail at the CSU.
 *
 * electron-builder only warns when an `extraResources` source is missing and happily packages
 * whatever dist/ holds, so a Windows installer without ffmpeg.exe (every tile black) or an app
 * without its Electron SQLite addon would come out "successful". This lists every missing piece
 * for the target platform, then exits 1 if there is any.
 *
 *   tsx scripts/package-check.ts [--platform linux|win32] [--arch x64]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { electronNativeDir, SQLITE_ADDON_FILE } from '../src-main/core/sqlite/sqlite-binding';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    platform: { type: 'string', default: process.platform },
    arch: { type: 'string', default: process.arch },
  },
});
const { platform, arch } = values;

const { version: electronVersion } = JSON.parse(
  readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
) as { version: string };

const required: { file: string; fix: string }[] = [
  { file: 'dist/renderer/index.html', fix: 'npm run build' },
  { file: 'dist-electron/main.cjs', fix: 'npm run build' },
  { file: 'dist-electron/preload.cjs', fix: 'npm run build' },
  {
    file: path.posix.join(electronNativeDir(electronVersion, platform, arch), SQLITE_ADDON_FILE),
    fix: `tsx scripts/rebuild-native.ts --strict --platform ${platform} --arch ${arch}`,
  },
];
if (platform === 'win32') {
  required.push({
    file: `build/ffmpeg/win-${arch}/ffmpeg.exe`,
    fix: 'copy a static ffmpeg build for Windows (ffmpeg.exe and its LICENSE) there',
  });
}

const missing = required.filter(({ file }) => !existsSync(path.join(root, file)));
for (const { file, fix } of missing) process.stderr.write(`package-check: missing ${file} (${fix})\n`);
if (missing.length > 0) {
  process.stderr.write(`package-check: not packaging for ${platform}-${arch}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`package-check: ready to package for ${platform}-${arch}\n`);
}
