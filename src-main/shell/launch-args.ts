/**
 * The shell's command line: which flags it reads, how it rejects bad ones, and the two decisions
 * taken from them before `ready` (sealing mode or not, where Chromium's profile goes).
 *
 * Pure (no Electron import) so every rule here is the same under a unit test as on a workstation.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CoreArgs } from '../core/bootstrap';
import { defaultDataDir } from '../core/config/paths';

/** Thrown for flags that make no sense, reported like a config error (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The shell's flags: the core's, plus the sealing mode's input (a file, or `-` for stdin). */
export interface ShellArgs extends CoreArgs {
  sealCredentials?: string;
  /** `--seal-room-password=<file|->`: the seat's room password to seal (docs/room.md). */
  sealRoomPassword?: string;
}

/**
 * What the shell learnt from its command line. A usage error is kept rather than thrown: it can
 * only be shown (dialog or stderr) once the app is ready, and the launch still needs a profile
 * path before that.
 */
export interface LaunchArgs {
  args: ShellArgs;
  usageError: unknown;
  /** `--seal-credentials` or `--seal-room-password` given: a command, not a wall (see seal-mode.ts). */
  sealMode: boolean;
}

const SEAL_FLAGS = ['--seal-credentials', '--seal-room-password'] as const;

/**
 * Whether `--seal-credentials[=<file|->]` or `--seal-room-password[=<file|->]` is on the command line. Decided from the raw flags, not
 * from a successful parse, so a sealing command with a bad flag still reports on stderr and never
 * opens a window or takes the single-instance lock.
 */
export function isSealMode(argv: readonly string[]): boolean {
  return argv.some((arg) => SEAL_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)));
}

/**
 * Reads the shell's own flags. Non-strict because Chromium and Playwright add switches of their
 * own (--remote-debugging-port, --no-sandbox...) that must pass through untouched.
 */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      demo: { type: 'string' },
      'data-dir': { type: 'string' },
      workstation: { type: 'string' },
      port: { type: 'string' },
      'seal-credentials': { type: 'string' },
      'seal-room-password': { type: 'string' },
    },
  });
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a value`);
    return value;
  };
  const integer = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new UsageError(`--${name} expects a whole number, got "${value}"`);
    return Number(value);
  };
  const args: ShellArgs = {};
  const config = text('config');
  const demo = integer('demo');
  const dataDir = text('data-dir');
  const workstation = text('workstation');
  const port = integer('port');
  if (config !== undefined) args.config = config;
  if (demo !== undefined) args.demo = demo;
  if (dataDir !== undefined) args.dataDir = dataDir;
  if (workstation !== undefined) args.workstation = workstation;
  if (port !== undefined) args.port = port;
  const seal = text('seal-credentials');
  if (seal !== undefined) args.sealCredentials = seal;
  const sealRoom = text('seal-room-password');
  if (sealRoom !== undefined) args.sealRoomPassword = sealRoom;
  if (seal !== undefined && sealRoom !== undefined) {
    throw new UsageError('--seal-credentials and --seal-room-password are two commands: give one');
  }
  return args;
}

/** Parses `argv` (without the executable) once, keeping a usage error for later (see `LaunchArgs`). */
export function readLaunchArgs(argv: readonly string[]): LaunchArgs {
  const sealMode = isSealMode(argv);
  try {
    return { args: parseShellArgs(argv), usageError: null, sealMode };
  } catch (error) {
    return { args: {}, usageError: error, sealMode };
  }
}

/**
 * Chromium's profile directory: under Vigie's data dir, so it stays local to the workstation
 * (never roaming) and the single-instance lock, which is per profile, is per data dir: test
 * instances with their own dir do not collide.
 */
export function chromiumProfileDir(args: ShellArgs, env: NodeJS.ProcessEnv): string {
  return path.join(path.resolve(args.dataDir ?? env.VIGIE_DATA_DIR ?? defaultDataDir()), 'chromium');
}
