import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { z } from 'zod';
import { log } from '../log/logger';

/**
 * Reads a JSON state file the core wrote, validated by `schema`. A missing file gives null; an
 * unreadable or invalid one is set aside as `<file>.corrupt-<ms>` (kept for IT, never trusted,
 * never overwritten) and gives null too, with one log line saying what applies instead
 * (`fallback`, e.g. "the pre-set layouts"). Every state file (wall state, masks, retention, the
 * login throttle) goes through this one loader, so they all fail the same honest way.
 */
export function readJsonState<S extends z.ZodType>(
  file: string,
  schema: S,
  what: string,
  fallback: string,
): z.infer<S> | null {
  if (!existsSync(file)) return null;
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    renameSync(file, aside);
    log.error(`${what} unreadable, set aside as ${aside}; ${fallback}: ${String(error)}`);
    return null;
  }
}
