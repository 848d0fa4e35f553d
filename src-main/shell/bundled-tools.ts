import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The external programs an installed Vigie runs, and where the installer puts them.
 *
 * The core finds ffmpeg through VIGIE_FFMPEG (else PATH) and the demo RTSP server through
 * VIGIE_DEMO_SERVER (else beside its own module). In an installed app "beside its module" is inside
 * app.asar, which Python cannot read, and Windows has no ffmpeg on PATH, so electron-builder.yml
 * copies both into `resources/` (extraResources) and the shell points the core at them. The
 * relative paths below are the contract between the two; a unit test reads electron-builder.yml
 * and fails if they drift apart.
 */

/** Where the Windows installer puts ffmpeg, relative to `process.resourcesPath`. */
export function bundledFfmpegPath(platform: NodeJS.Platform): string {
  return path.posix.join('ffmpeg', platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
}

/** Where every installer puts the demo RTSP server, relative to `process.resourcesPath`. */
export const BUNDLED_DEMO_SERVER = 'demo/rtsp-demo-server.py';

/**
 * Environment to add before the core starts: each bundled tool that exists, unless the variable
 * is already set (IT may point VIGIE_FFMPEG at a site-approved build). Linux packages ship no
 * ffmpeg (the deb depends on Debian's), so there it is normally empty for ffmpeg and PATH wins.
 */
export function bundledToolEnv(
  resourcesPath: string | undefined,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  exists: (file: string) => boolean = existsSync,
): Record<string, string> {
  if (!resourcesPath) return {};
  const join = (...parts: string[]): string =>
    platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts);
  const found: Record<string, string> = {};
  const ffmpeg = join(resourcesPath, bundledFfmpegPath(platform));
  if (!env.VIGIE_FFMPEG && exists(ffmpeg)) found.VIGIE_FFMPEG = ffmpeg;
  const demo = join(resourcesPath, BUNDLED_DEMO_SERVER);
  if (!env.VIGIE_DEMO_SERVER && exists(demo)) found.VIGIE_DEMO_SERVER = demo;
  return found;
}
