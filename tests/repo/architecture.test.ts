import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
            allowDefaultProject: [
              'eslint.config.js',
              'src-main/*/probe.ts',
              'src-main/core/*/probe.ts',
              'src-renderer/probe.ts',
              'src-renderer/*/probe.ts',
            ],
            // One probe per core folder: more than the default of 8 files outside a project.
            maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 64,
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

/** The layer table, read from the lint config itself (a JS module: typed here). */
const { CORE_FEATURES, CORE_PLUMBING, RENDERER_APPS } = (await import(
  pathToFileURL(path.join(root, 'eslint.config.js')).href
)) as {
  CORE_FEATURES: Record<string, string[]>;
  CORE_PLUMBING: string[];
  RENDERER_APPS: Record<string, string[]>;
};

describe("the core's layers are enforced by lint", () => {
  const probe = (folder: string, target: string) =>
    restrictedImports(
      `src-main/core/${folder}/probe.ts`,
      `import * as a from '../${target}';\nexport const b = a;\n`,
    );

  it('keeps the plumbing floor free of features', async () => {
    for (const folder of CORE_PLUMBING) {
      expect(await probe(folder, 'relay/relay-service'), folder).toHaveLength(1);
      expect(await probe(folder, 'log/logger'), folder).toEqual([]);
    }
  });

  it("lets each feature use the floor and only the other features' listed interfaces", async () => {
    for (const [folder, interfaces] of Object.entries(CORE_FEATURES)) {
      expect(await probe(folder, 'files/atomic-write'), folder).toEqual([]);
      // Every feature is refused another's internals (the logbook store is nobody's interface).
      if (folder !== 'logbook') expect(await probe(folder, 'logbook/logbook-store'), folder).toHaveLength(1);
      else expect(await probe(folder, 'relay/relay-service'), folder).toHaveLength(1);
      // ...and the composer above them all.
      expect(await probe(folder, 'vigie-core'), folder).toHaveLength(1);
      for (const allowed of interfaces)
        expect(await probe(folder, allowed), `${folder} → ${allowed}`).toEqual([]);
    }
  });
});

describe("the renderer's apps are enforced by lint", () => {
  const probe = (app: string, target: string) =>
    restrictedImports(
      `src-renderer/${app}/probe.ts`,
      `import * as a from '../${target}';\nexport const b = a;\n`,
    );
  /** A real module of each app, so an allowed import is a real one. */
  const moduleOf: Record<string, string> = {
    shared: 'shared/connection/result-client',
    wall: 'wall/store/vigie-store',
    logbook: 'logbook/logbook-controller',
    admin: 'admin/admin-controller',
  };

  it('lets each app import the shared layer and itself, and refuses every other app', async () => {
    const apps = Object.keys(RENDERER_APPS);
    expect(apps.sort()).toEqual(Object.keys(moduleOf).sort());
    for (const [app, allowed] of Object.entries(RENDERER_APPS)) {
      expect(await probe(app, moduleOf[app]!), `${app} → itself`).toEqual([]);
      for (const other of apps.filter((name) => name !== app)) {
        const messages = await probe(app, moduleOf[other]!);
        if (allowed.includes(other)) expect(messages, `${app} → ${other}`).toEqual([]);
        else expect(messages, `${app} → ${other}`).toHaveLength(1);
      }
    }
    // The shared layer depends on no app: the apps depend on it.
    expect(RENDERER_APPS.shared).toEqual([]);
  });
});

describe('imports', () => {
  it('have no cycle anywhere, type-only imports included', async () => {
    const { cruise } = await import('dependency-cruiser');
    const result = await cruise(['src-main', 'src-renderer', 'src-shared'], {
      tsPreCompilationDeps: true,
      validate: true,
      doNotFollow: { path: 'node_modules' },
      ruleSet: {
        forbidden: [
          {
            name: 'no-cycle',
            severity: 'error',
            from: {},
            to: { circular: true },
          },
        ],
      },
    });
    const output = result.output as {
      summary: { violations: { from: string; to: string }[]; totalCruised: number };
    };
    // It did read the sources (a wrong path would find no cycle in nothing).
    expect(output.summary.totalCruised).toBeGreaterThan(200);
    expect(output.summary.violations.map((v) => `${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);
});

describe('file names', () => {
  it('are kebab-case in every source folder', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(relative);
        else if (entry.name !== 'README.md' && !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/.test(entry.name))
          offenders.push(relative);
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
