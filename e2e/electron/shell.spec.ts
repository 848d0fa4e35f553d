import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainBundle = path.join(root, 'dist-electron', 'main.cjs');

/**
 * A packaged e2e build to test instead of the dev bundle (`npm run dist:e2e`, then e.g.
 * VIGIE_E2E_APP=release/e2e/linux-unpacked/vigie). Only that build keeps the inspector fuse
 * Playwright needs; the deployed one would time out at launch.
 */
const packagedApp = process.env.VIGIE_E2E_APP ? path.resolve(root, process.env.VIGIE_E2E_APP) : null;

/**
 * The Electron executable, or null when `npm install` ran with ELECTRON_SKIP_BINARY_DOWNLOAD:
 * the `electron` package then throws (or names a file that does not exist) instead of a path.
 */
function electronBinary(): string | null {
  if (packagedApp) return existsSync(packagedApp) ? packagedApp : null;
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

const SKIP_REASON = packagedApp
  ? `VIGIE_E2E_APP=${packagedApp} does not exist: run \`npm run dist:e2e\` first`
  : 'Electron binary absent (ELECTRON_SKIP_BINARY_DOWNLOAD): the Electron e2e suite runs only where `npm install` downloaded Electron';

test.skip(binary === null, SKIP_REASON);
// The list reporter shows skipped tests without their reason: say it once, from the runner process.
if (binary === null && process.env.TEST_WORKER_INDEX === undefined)
  process.stderr.write(`[electron e2e] skipped: ${SKIP_REASON}\n`);

/** Screen of the X server the suite starts: one wide screen (see the window test for why). */
const XVFB_SCREEN = '3840x1080x24';

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Starts a private Xvfb when there is no display (CI, SSH) and returns its DISPLAY; the caller
 * stops it by PID. `-displayfd` makes Xvfb pick a free display number and write it on fd 3 once
 * it accepts connections, so there is no guessing, no lock-file race and no sleep.
 */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = onPath('Xvfb');
  if (!xvfb)
    throw new Error('no DISPLAY and no Xvfb on PATH: install xvfb (apt-get install xvfb) or set DISPLAY');
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', XVFB_SCREEN, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${stderr}`)), 10_000);
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(`:${chunk.toString().trim()}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with code ${String(code)}: ${stderr}`));
    });
  });
  return { display, process: child };
}

test.describe('Electron shell', () => {
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication | null = null;
  let xvfb: ChildProcess | null = null;
  let dataDir = '';

  test.beforeAll(async () => {
    if (!packagedApp && !existsSync(mainBundle)) {
      throw new Error(`${mainBundle} is missing: run \`npm run build\` first`);
    }
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    if (process.platform === 'linux' && !env.DISPLAY) {
      const started = await startXvfb();
      xvfb = started.process;
      env.DISPLAY = started.display;
    }
    dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-electron-'));
    const vigieArgs = ['--demo', '4', '--data-dir', dataDir];
    app = await electron.launch({
      executablePath: binary ?? undefined,
      // A packaged app loads its own app.asar; the dev binary is told which bundle to run.
      args: packagedApp ? vigieArgs : [mainBundle, ...vigieArgs],
      cwd: root,
      env,
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (xvfb?.pid !== undefined && xvfb.exitCode === null) process.kill(xvfb.pid, 'SIGTERM');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one window per display, each on its own display', async () => {
    const electronApp = app!;
    await electronApp.firstWindow();
    // Xvfb offers one X screen per display, and Chromium uses one screen: this suite's Xvfb shows
    // one wide monitor, so here it checks one window. On a workstation with two monitors the same
    // assertions require two windows on two different displays.
    const placement = async () =>
      electronApp.evaluate(({ BrowserWindow, screen }) => {
        const displays = new Set(screen.getAllDisplays().map((display) => JSON.stringify(display.bounds)));
        const windows = BrowserWindow.getAllWindows();
        return {
          displays: displays.size,
          windows: windows.length,
          onDisplays: new Set(windows.map((win) => screen.getDisplayMatching(win.getBounds()).id)).size,
          titles: windows.map((win) => win.getTitle()).sort(),
        };
      });
    await expect
      .poll(async () => (await placement()).windows, { timeout: 15_000 })
      .toBe((await placement()).displays);
    const result = await placement();
    test
      .info()
      .annotations.push({ type: 'displays', description: `${result.displays} display(s) seen by Electron` });
    expect(result.onDisplays).toBe(result.displays);
    expect(result.titles).toEqual(
      Array.from({ length: result.displays }, (_, i) => `Vigie — écran ${i + 1}`),
    );
  });

  test('runs every window sandboxed, context-isolated, without Node', async () => {
    const electronApp = app!;
    const prefs = await electronApp.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((win) => {
        const contents = win.webContents as unknown as {
          getLastWebPreferences(): Record<string, unknown> | null;
        };
        const last = contents.getLastWebPreferences();
        return last
          ? {
              contextIsolation: last.contextIsolation,
              sandbox: last.sandbox,
              nodeIntegration: last.nodeIntegration,
              nodeIntegrationInWorker: last.nodeIntegrationInWorker,
              webSecurity: last.webSecurity,
              webviewTag: last.webviewTag,
            }
          : null;
      }),
    );
    expect(prefs.length).toBeGreaterThanOrEqual(1);
    for (const entry of prefs) {
      expect(entry).toEqual({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        webviewTag: false,
      });
    }

    // What the page itself can reach: no Node globals, only the two-method bridge.
    const page = await electronApp.firstWindow();
    const reach = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { vigie?: object }).vigie ?? {}).sort(),
      origin: location.origin,
    }));
    expect(reach).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: ['getConnection', 'windowCommand'],
      origin: 'vigie://app',
    });
  });

  test('shows a live demo tile', async () => {
    const page = await app!.firstWindow();
    await expect(page.locator('[data-testid="tile"][data-state="live"]').first()).toBeVisible({
      timeout: 60_000,
    });
  });
});

test.describe('Electron shell: --seal-credentials', () => {
  // --password-store=basic pins Linux's basic_text backend, so the outcome depends on no keyring.
  test.skip(process.platform !== 'linux', 'pins the backend with --password-store=basic, a Linux switch');

  /** Runs the app in its sealing mode (no window) and returns what it printed and its exit code. */
  function runSeal(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(binary ?? '', packagedApp ? args : [mainBundle, ...args], { cwd: root, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`--seal-credentials did not exit within 60 s: ${stdout} ${stderr}`));
      }, 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  test('refuses basic_text unless the config allows it, then seals nothing in clear', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'vigie-seal-'));
    let xvfb: ChildProcess | null = null;
    try {
      const env: NodeJS.ProcessEnv = { ...process.env };
      if (!env.DISPLAY) {
        const started = await startXvfb();
        xvfb = started.process;
        env.DISPLAY = started.display;
      }
      const password = 'E2e-Sealed-Pass-4r7t';
      const camera = {
        id: 'cam-1',
        number: 1,
        name: 'Gare',
        commune: 'Vigieville',
        zone: 'Centre',
        kind: 'security',
        rtsp: { main: 'rtsp://10.0.0.1/s' },
      };
      const config = path.join(work, 'config.json');
      const input = path.join(work, 'creds.json');
      const dataDir = path.join(work, 'data');
      const vault = path.join(dataDir, 'camera-credentials.json');
      writeFileSync(input, JSON.stringify([{ camera: 'cam-1', username: 'vigie', password }]));
      const args = [
        `--seal-credentials=${input}`,
        '--config',
        config,
        '--data-dir',
        dataDir,
        '--password-store=basic',
      ];

      writeFileSync(config, JSON.stringify({ version: 1, cameras: [camera] }));
      const refused = await runSeal(args, env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refused: .*"basic_text" only obfuscates/);
      expect(existsSync(vault)).toBe(false);

      writeFileSync(
        config,
        JSON.stringify({ version: 1, security: { allowObfuscatedCredentials: true }, cameras: [camera] }),
      );
      const sealed = await runSeal(args, env);
      expect(sealed.code).toBe(0);
      expect(sealed.stdout).toMatch(/^seal-credentials: sealed 1 camera\(s\) \(cam-1\);.*basic_text\n$/);
      expect(sealed.stderr).toMatch(/warning: .*"basic_text" only obfuscates/);
      const text = readFileSync(vault, 'utf8');
      expect(text).not.toContain(password);
      expect(text).not.toContain(Buffer.from(password).toString('base64'));
      expect(sealed.stdout + sealed.stderr).not.toContain(password);
    } finally {
      if (xvfb?.pid !== undefined && xvfb.exitCode === null) process.kill(xvfb.pid, 'SIGTERM');
      rmSync(work, { recursive: true, force: true });
    }
  });
});
