import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

async function restrictedImports(file: string, code: string): Promise<string[]> {
  // The probe files do not exist on disk: let the type-aware parser give them a default project.
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: {
      languageOptions: {
        parserOptions: {
          projectService: {
            allowDefaultProject: ['eslint.config.js', 'src-main/*/probe.ts', 'src-renderer/probe.ts'],
          },
        },
      },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('process boundaries are enforced by lint', () => {
  it('keeps electron in the shell and the shell out of the core', async () => {
    expect(
      await restrictedImports(
        'src-main/core/probe.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'src-main/shell/probe.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'src-main/core/probe.ts',
        "import { planWindows } from '../shell/window-plan';\nexport const a = planWindows;\n",
      ),
    ).toHaveLength(1);
  });

  it('lets the renderer reach the core only through src-shared/contract', async () => {
    const file = 'src-renderer/probe.ts';
    expect(
      await restrictedImports(
        file,
        "import { redact } from '../src-main/core/log/redact';\nexport const a = redact;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        file,
        "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        file,
        "import { WallApiMethods } from '../src-shared/wall-contract';\nexport const a = WallApiMethods;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        file,
        "import { ApiMethods } from '../src-shared/contract';\nexport const a = ApiMethods;\n",
      ),
    ).toEqual([]);
  });
});

describe('file names', () => {
  it('are kebab-case in every source folder', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(relative);
        else if (!/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/.test(entry.name)) offenders.push(relative);
      }
    };
    for (const dir of [
      'src-main',
      'src-renderer',
      'src-shared',
      'tests',
      'e2e',
      'bench/suites',
      'bench/support',
      'scripts',
    ])
      walk(dir);
    expect(offenders).toEqual([]);
  });
});
