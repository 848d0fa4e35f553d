import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { jsonSyntaxPlace } from '../files/json-place';
import { crossCheckConfig } from './config-cross-checks';
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

/**
 * Validates an already-parsed config object; throws ConfigError listing every problem. When the
 * schema refuses the file, zod skips the cross-field checks (they need a valid shape), so they
 * run again here on the raw data: IT sees the duplicates and unknown layout cameras in the same
 * report as the typos.
 */
export function validateConfig(data: unknown, file: string): VigieConfig {
  const parsed = VigieConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = problemsFrom(parsed.error);
  const seen = new Set(problems.map((problem) => `${problem.path}\n${problem.message}`));
  for (const cross of crossCheckConfig(data)) {
    const problem = { path: formatIssuePath(cross.path), message: cross.message };
    if (!seen.has(`${problem.path}\n${problem.message}`)) problems.push(problem);
  }
  throw new ConfigError(file, problems);
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
  const json = text.replace(/^\uFEFF/, '');
  try {
    data = JSON.parse(json);
  } catch (error) {
    // The place only: the parser's message may quote the text around the fault (a password).
    const place = jsonSyntaxPlace(json, error);
    const message = `not valid JSON${place ? ` at line ${place.line}, column ${place.column}` : ''}`;
    throw new ConfigError(file, [{ path: '', message }]);
  }
  return validateConfig(data, file);
}

/** The config Vigie runs on when no file exists: a demo fleet only. */
export function demoConfig(count: number): VigieConfig {
  return validateConfig({ version: 1, site: { name: 'CSU — démonstration' }, demo: { count } }, '(demo)');
}
