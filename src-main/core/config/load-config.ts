import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { VigieConfigSchema, type VigieConfig } from './config-schema';

/** One problem found in a config file, with the path of the field it is about. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/**
 * A config that cannot be used. Startup stops on it before anything is spawned, and its message
 * names the file and each bad field so metro IT can fix the file without reading code.
 */
export class ConfigError extends Error {
  readonly file: string;
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    super(
      `Invalid configuration ${file}:\n` +
        problems.map((problem) => `  - ${problem.path || '(file)'}: ${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

/** Formats a zod issue path the way IT reads it: cameras[2].rtsp.main. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function problemsFrom(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

/** Validates an already-parsed config object; throws ConfigError listing every problem. */
export function validateConfig(data: unknown, file: string): VigieConfig {
  const parsed = VigieConfigSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(file, problemsFrom(parsed.error));
  return parsed.data;
}

/** Reads and validates a config file; a missing file, bad JSON and bad fields are all ConfigErrors. */
export function loadConfigFile(file: string): VigieConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError(file, [{ path: '', message: `cannot read the file (${code})` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return validateConfig(data, file);
}

/** The config Vigie runs on when no file exists: a demo fleet only. */
export function demoConfig(count: number): VigieConfig {
  return validateConfig({ version: 1, site: { name: 'CSU — démonstration' }, demo: { count } }, '(demo)');
}
