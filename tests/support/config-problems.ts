import { ConfigError, validateConfig } from '../../src-main/core/config/load-config';

/** A config's validation problems as `path: message` lines; [] when it is valid. */
export function configProblems(config: unknown): string[] {
  try {
    validateConfig(config, 'test.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}
