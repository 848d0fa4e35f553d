import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainBundle = path.join(root, 'dist-electron', 'main.cjs');

/**
 * The Electron executable, or null when `npm install` ran with ELECTRON_SKIP_BINARY_DOWNLOAD:
 * the `electron` package then throws (or names a file that does not exist) instead of a path.
 */
function electronBinary(): string | null {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test.skip(
  binary === null,
  'Electron binary absent (ELECTRON_SKIP_BINARY_DOWNLOAD): the Electron e2e suite runs only where `npm install` downloaded Electron',
);

test.describe('Electron shell', () => {
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication | null = null;
  let dataDir = '';

  test.beforeAll(async () => {
    if (!existsSync(mainBundle)) {
      throw new Error(`${mainBundle} is missing: run \`npm run build:electron\` (and build:renderer) first`);
    }
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-electron-'));
    app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [mainBundle, '--demo', '4', '--data-dir', dataDir],
      cwd: root,
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens a sandboxed, context-isolated window without Node', async () => {
    const electronApp = app!;
    await electronApp.firstWindow();
    const windows = await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    expect(windows).toBeGreaterThanOrEqual(1);

    const prefs = await electronApp.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as
        { getLastWebPreferences(): Record<string, unknown> | null } | undefined;
      const last = contents?.getLastWebPreferences();
      return last
        ? {
            contextIsolation: last.contextIsolation,
            sandbox: last.sandbox,
            nodeIntegration: last.nodeIntegration,
          }
        : null;
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  test('shows a live demo tile', async () => {
    const page = await app!.firstWindow();
    await expect(page.locator('[data-testid="tile"][data-state="live"]').first()).toBeVisible({
      timeout: 60_000,
    });
  });
});
