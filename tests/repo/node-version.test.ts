import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
};

/**
 * Installed packages allowed to want a newer Node.js than the one the README promises: only
 * electron-builder's rebuild chain, which runs when IT packages an installer (`npm run dist:*`),
 * never in `npm start` or `npm test`. docs/deployment.md says packaging needs Node.js 22.12.
 */
const PACKAGING_ONLY = new Set(['node_modules/@electron/rebuild', 'node_modules/node-abi']);

/** The packages whose `engines.node` refuses `version`. */
function refusing(version: string): string[] {
  return Object.entries(lock.packages)
    .filter(([name, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return name !== '' && range !== undefined && !semver.satisfies(version, range);
    })
    .map(([name]) => name);
}

describe('the Node.js version the README promises', () => {
  const floor = semver.minVersion(pkg.engines.node)!.version;

  it('is the one these tests run on, and the README and package.json say the same', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    const stated = `${semver.major(floor)}.${semver.minor(floor)}`;
    expect(read('README.md')).toContain(`Node.js ${stated} or later`);
  });

  it('is accepted by every installed package but the packaging chain', () => {
    // At the floor itself and on the version running now: EBADENGINE only where documented.
    for (const version of [floor, process.version]) {
      const refused = refusing(version).filter((name) => !PACKAGING_ONLY.has(name));
      expect(refused, `packages refusing Node ${version}`).toEqual([]);
    }
    // ...and it is not set lower than a real dependency needs (vite and rolldown want 20.19).
    const below = `${semver.major(floor)}.${Math.max(semver.minor(floor) - 1, 0)}.0`;
    expect(refusing(below).filter((name) => !PACKAGING_ONLY.has(name)).length).toBeGreaterThan(0);
  });
});
