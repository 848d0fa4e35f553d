import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, for tests that read its install scripts and docs. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every GStreamer package pulls the core library; no install line needs to name it. */
const PULLED_BY_EVERY_PLUGIN = new Set(['libgstreamer1.0-0']);

/**
 * The Debian packages the demo server says it needs, read from its own element table: the one
 * source of truth that install lines and the deb are checked against.
 */
export function demoPackages(): string[] {
  const script = readFileSync(path.join(repoRoot, 'src-main/core/demo/rtsp-demo-server.py'), 'utf8');
  const table = /ELEMENT_SOURCES = \{([^}]*)\}/.exec(script)?.[1] ?? '';
  const fromTable = [...table.matchAll(/\("[\w-]+", "([\w.+-]+)"\)/g)].map((match) => match[1] ?? '');
  const fromBindings = [...script.matchAll(/"package": "([\w.+-]+)"/g)].map((match) => match[1] ?? '');
  return [...new Set([...fromTable, ...fromBindings])].filter((pkg) => !PULLED_BY_EVERY_PLUGIN.has(pkg));
}
