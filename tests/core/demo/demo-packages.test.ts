import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPackages, repoRoot } from '../../support/demo-packages';

/**
 * Every package the demo server names must be installed by `.ci/run` and by the README's
 * fresh-machine line (the deb's dependencies are checked in electron-builder-config.test.ts). A
 * package forgotten in one place is how a fresh machine got a silent, video-less demo.
 */

const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

/** The words of the first `apt-get install` command in a text, continuation lines included. */
function aptInstallWords(text: string): Set<string> {
  const joined = text.replace(/\\\n/g, ' ');
  const command = /apt-get install[^\n]*/.exec(joined)?.[0] ?? '';
  return new Set(command.split(/[\s\\]+/).filter(Boolean));
}

describe('the demo fleet packages', () => {
  const packages = demoPackages();

  it('are read from the demo server, pango (gstreamer1.0-x) and the bindings included', () => {
    expect(packages).toEqual(
      expect.arrayContaining(['gstreamer1.0-x', 'gstreamer1.0-plugins-ugly', 'python3-gi']),
    );
    expect(packages.length).toBeGreaterThanOrEqual(7);
  });

  it('are all installed by .ci/run', () => {
    const installed = aptInstallWords(read('.ci/run'));
    expect(packages.filter((pkg) => !installed.has(pkg))).toEqual([]);
  });

  it("are all on the README's fresh-machine install line", () => {
    const installed = aptInstallWords(read('README.md'));
    expect(packages.filter((pkg) => !installed.has(pkg))).toEqual([]);
  });
});
