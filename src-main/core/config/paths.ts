import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where metro IT puts the machine-wide configuration, per OS. One file per workstation image,
 * readable by every user, writable only by administrators.
 */
export function machineConfigPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    return path.win32.join(env.PROGRAMDATA ?? 'C:\\ProgramData', 'Vigie', 'config.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/Vigie/config.json';
  return '/etc/vigie/config.json';
}

/** Per-user data (wall state, logs, later the logbook): local to the workstation, never roaming. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(homedir(), 'AppData', 'Local'), 'Vigie');
  }
  if (platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', 'Vigie');
  return path.join(env.XDG_DATA_HOME ?? path.join(homedir(), '.local', 'share'), 'vigie');
}

/**
 * Which config to use: the --config flag, then VIGIE_CONFIG, then the machine-wide file.
 * `explicit` tells whether a missing file is an error (it is when someone named it).
 */
export function resolveConfigPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { file: string; explicit: boolean } {
  if (flag) return { file: path.resolve(flag), explicit: true };
  if (env.VIGIE_CONFIG) return { file: path.resolve(env.VIGIE_CONFIG), explicit: true };
  return { file: machineConfigPath(platform, env), explicit: false };
}
