// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports: they keep names greppable across the codebase.',
};

/** What every file of the core is refused, whatever its layer (see the block for src-main/core). */
const CORE_BOUNDARIES = [
  {
    group: ['**/src-renderer/**', '**/shell/**'],
    message: 'The core imports neither the renderer nor the shell.',
  },
  {
    group: ['**/src-shared/*', '!**/src-shared/contract'],
    message: 'Cross-process types come from src-shared/contract only.',
  },
];

/**
 * The core's layers, VS Code style: one table of which folder may import which. The plumbing
 * floor imports only itself; each feature imports the floor plus the few modules of other
 * features listed as their interface. vigie-core.ts, which composes them all, is above every
 * layer. tests/repo/architecture.test.ts proves each rule fires.
 */
export const CORE_PLUMBING = ['api', 'config', 'documents', 'files', 'integrity', 'log', 'sqlite'];
/** @type {Record<string, string[]>} */
export const CORE_FEATURES = {
  audit: [],
  cameras: ['credentials/camera-credentials', 'credentials/credential-vault'],
  compliance: [
    'audit/audit-export',
    'audit/audit-service',
    'audit/audit-store',
    'audit/view-tracker',
    'cameras/camera-registry',
    'permissions/guarded-api',
    'permissions/workstation-session',
    'relay/ffmpeg-process',
    'relay/relay-service',
  ],
  credentials: [],
  demo: [],
  health: [],
  logbook: ['permissions/permission-table'],
  permissions: [],
  relay: ['cameras/camera-registry'],
  replay: [
    'relay/append-buffer',
    'relay/ffmpeg-args',
    'relay/ffmpeg-process',
    'relay/process-ledger',
    'relay/supervised-ffmpeg',
    'relay/ts-chunker',
  ],
  room: [
    'credentials/secret-cipher',
    'logbook/logbook-chain',
    'logbook/logbook-export',
    'logbook/room-handovers',
    'logbook/service-options',
  ],
  server: [
    'audit/view-tracker',
    'cameras/camera-registry',
    'relay/relay-service',
    'relay/relay-stream',
    'replay/replay-player',
    'replay/replay-service',
  ],
  wall: ['relay/ffmpeg-args', 'relay/ffmpeg-process'],
};

function coreLayers() {
  /** @param {string} folder @param {string[]} allowed @param {string} message */
  const block = (folder, allowed, message) => ({
    files: [`src-main/core/${folder}/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/shell/ may import electron.' }],
          patterns: [
            ...CORE_BOUNDARIES,
            {
              // Globs cannot re-include a file of an excluded folder, so a lookahead lists what is
              // allowed: src-shared (its own rule above), the floor, a feature's listed interfaces.
              regex: `^\\.\\./(?!\\.\\./\\.\\./src-shared/|(?:${allowed.join('|')})$)`,
              message,
            },
          ],
        },
      ],
    },
  });
  const floor = CORE_PLUMBING.map((folder) => `${folder}/[\\w.-]+`);
  return [
    ...CORE_PLUMBING.map((folder) =>
      block(
        folder,
        floor,
        'The plumbing floor imports only itself (api, config, documents, files, integrity, log, sqlite).',
      ),
    ),
    ...Object.entries(CORE_FEATURES).map(([folder, interfaces]) =>
      block(
        folder,
        [...floor, ...interfaces],
        `core/${folder} may import the plumbing floor and only these modules of other features: ${interfaces.join(', ') || 'none'} (eslint.config.js, CORE_FEATURES).`,
      ),
    ),
  ];
}

/** What every renderer file is refused: it reaches the core only through the local server. */
const RENDERER_PATHS = [
  { name: 'electron', message: 'The renderer reaches the core only through the local server.' },
];
const RENDERER_BOUNDARIES = [
  {
    group: ['**/src-main/**', 'node:*', '**/src-shared/*', '!**/src-shared/contract'],
    message: 'The renderer may only import src-shared/contract across the boundary.',
  },
];

/**
 * The renderer's three apps on one shared layer: each app imports `shared/` and itself, never
 * another app; `shared/` imports no app. main.tsx, which picks the app a window shows, is above
 * them. tests/repo/architecture.test.ts proves each rule fires.
 */
/** @type {Record<string, string[]>} */
export const RENDERER_APPS = { shared: [], wall: ['shared'], logbook: ['shared'], admin: ['shared'] };

function rendererLayers() {
  const apps = Object.keys(RENDERER_APPS);
  return Object.entries(RENDERER_APPS).map(([app, allowed]) => {
    const refused = apps.filter((other) => other !== app && !allowed.includes(other));
    return {
      files: [`src-renderer/${app}/**/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: RENDERER_PATHS,
            patterns: [
              ...RENDERER_BOUNDARIES,
              {
                group: refused.map((other) => `**/${other}/**`),
                message: `src-renderer/${app} may import ${allowed.length ? allowed.join(', ') + ' and ' : ''}itself only, never ${refused.join(', ')} (eslint.config.js, RENDERER_APPS).`,
              },
            ],
          },
        ],
      },
    };
  });
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-electron/**',
      'release/**',
      'node_modules/**',
      'bench/results/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-restricted-syntax': ['error', noDefaultExport],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // `electron` only in the thin shell; the core must run under plain Node.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/shell/ may import electron.' }] },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/shell/ may import electron.' }],
          patterns: [
            {
              group: ['**/src-renderer/**', '**/shell/**'],
              message: 'The core imports neither the renderer nor the shell.',
            },
            {
              group: ['**/src-shared/*', '!**/src-shared/contract'],
              message: 'Cross-process types come from src-shared/contract only.',
            },
          ],
        },
      ],
    },
  },
  ...coreLayers(),
  {
    files: ['src-main/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-renderer/**'], message: 'The shell never imports renderer code.' }] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: RENDERER_PATHS, patterns: RENDERER_BOUNDARIES }],
    },
  },
  ...rendererLayers(),
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Shared code runs on both sides.' }],
          patterns: [
            {
              group: ['**/src-main/**', '**/src-renderer/**', 'node:*'],
              message: 'Shared code imports neither side.',
            },
          ],
        },
      ],
    },
  },
  {
    // Config files must default-export; module declarations describe packages that do.
    files: ['*.config.ts', 'eslint.config.js', '**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['tests/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src-main/**/*.ts', 'tests/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
);
