/**
 * The Electron shell's entry point: the app's lifecycle around one `VigieCore`, nothing else.
 *
 * It stays thin on purpose. Everything testable without Electron lives in the core or in the
 * pure `window-plan`, `security` and `launch-args` modules; the Electron wiring is one file per
 * concern (windows, protocol, IPC, sealing mode), so what the browser e2e suite exercises is
 * what runs on a workstation. This file decides only what runs when: before `ready`, at `ready`,
 * on a second launch and at quit.
 */
import { app, dialog, Menu, powerSaveBlocker, safeStorage } from 'electron';
import { coreOptionsFromArgs } from '../core/bootstrap';
import { ConfigError } from '../core/config/load-config';
import { log } from '../core/log/logger';
import { VigieCore, type CoreEndpoint } from '../core/vigie-core';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { bundledToolEnv } from './bundled-tools';
import { cipherFromSafeStorage, credentialStoreStatus } from './credential-store';
import { registerIpcHandlers } from './ipc-handlers';
import { chromiumProfileDir, readLaunchArgs, UsageError, type LaunchArgs } from './launch-args';
import { runSealMode, sealModeFailed } from './seal-mode';
import { guardWebContents, hardenSession } from './window-factory';
import { WindowManager } from './window-manager';

/** Never leave the workstation hanging on quit if the core cannot stop cleanly. */
const STOP_TIMEOUT_MS = 10_000;

function fail(title: string, error: unknown, exitCode: number): void {
  const message = error instanceof Error ? error.message : String(error);
  // Config and usage errors are the operator's to fix: their message says it all, no stack.
  const expected = error instanceof ConfigError || error instanceof UsageError;
  log.error(`${title}: ${!expected && error instanceof Error ? (error.stack ?? message) : message}`);
  dialog.showErrorBox(title, message);
  app.exit(exitCode);
}

/**
 * Logs how camera credentials are protected here (see credential-store.ts); never blocks startup.
 * A world-readable config holding passwords is the core's own start-up warning (see
 * `configFileExposureWarning`), shared with `vigie serve` and `vigie check-config`.
 */
function reportCredentialProtection(): void {
  const status = credentialStoreStatus(safeStorage, process.platform);
  if (status.warning) log.warn(`shell: ${status.warning}`);
  else log.info(`shell: safeStorage backend ${status.backend}`);
}

/**
 * One running wall: the core and the windows showing it. `start` runs once the app is ready;
 * `stop` runs on the first `before-quit` and holds the quit until the core has stopped (or
 * STOP_TIMEOUT_MS has passed), then exits.
 */
class VigieShell {
  private readonly launch: LaunchArgs;
  private readonly windows = new WindowManager();
  private core: VigieCore | null = null;
  private stopping = false;

  constructor(launch: LaunchArgs) {
    this.launch = launch;
  }

  async start(): Promise<void> {
    const { args, usageError } = this.launch;
    if (usageError) {
      fail('Vigie — option invalide', usageError, 2);
      return;
    }
    hardenSession();
    if (app.isPackaged) Menu.setApplicationMenu(null);

    // Installed app: ffmpeg (Windows) and the demo RTSP server live in resources/, not on PATH or
    // inside app.asar; tell the core before it spawns anything.
    const tools = bundledToolEnv(process.resourcesPath, process.platform, process.env);
    Object.assign(process.env, tools);

    let options: ReturnType<typeof coreOptionsFromArgs>;
    try {
      // safeStorage is read after ready (before it, Linux reports its backend as unknown).
      options = {
        ...coreOptionsFromArgs(args),
        secretCipher: cipherFromSafeStorage(safeStorage, process.platform),
      };
    } catch (error) {
      if (error instanceof ConfigError) {
        fail('Vigie — configuration invalide', error, 2);
        return;
      }
      throw error;
    }
    const core = new VigieCore(options);
    this.core = core;
    let endpoint: CoreEndpoint;
    try {
      endpoint = await core.start();
    } catch (error) {
      if (error instanceof ConfigError) {
        fail('Vigie — configuration invalide', error, 2);
        return;
      }
      throw error;
    }
    log.info(`shell: core listening on ${endpoint.origin}`);
    for (const [name, value] of Object.entries(tools)) log.info(`shell: ${name}=${value} (bundled)`);
    reportCredentialProtection();

    serveRenderer(endpoint);
    registerIpcHandlers(endpoint, this.windows);
    powerSaveBlocker.start('prevent-display-sleep');
    this.windows.start(() => core.displays());
  }

  /** The `before-quit` handler: nothing to hold for if the core was never created. */
  stop(quit: { preventDefault(): void }): void {
    if (!this.core) return;
    quit.preventDefault();
    if (this.stopping) return;
    this.stopping = true;
    this.windows.stop();
    const running = this.core;
    log.info('shell: stopping the core');
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    void Promise.race([running.stop(), timeout])
      .catch((error: unknown) => log.error('shell: core stop failed', error))
      .finally(() => app.exit(0));
  }

  /** A second launch on this workstation: show the wall that is already running instead. */
  raise(): void {
    this.windows.raiseFirst();
  }
}

// Every renderer sandboxed, whatever a window's own webPreferences say: a second line behind
// secureWebPreferences should someone add a window without it. Must be called before `ready`,
// like the privileged scheme declaration.
app.enableSandbox();
registerAppScheme();

const launch = readLaunchArgs(process.argv.slice(1));

// Chromium's profile goes under Vigie's data dir (see chromiumProfileDir), before `ready`.
app.setName('Vigie');
app.setPath('userData', chromiumProfileDir(launch.args, process.env));

if (launch.sealMode) {
  app
    .whenReady()
    .then(() => runSealMode(launch))
    .catch(sealModeFailed);
} else if (!app.requestSingleInstanceLock()) {
  // Another Vigie already owns this workstation's wall; it focuses itself (second-instance).
  app.quit();
} else {
  const shell = new VigieShell(launch);
  app.on('second-instance', () => shell.raise());
  guardWebContents();

  app.on('window-all-closed', () => {
    // Closing every wall window is how an operator leaves Vigie (kiosk excepted).
    app.quit();
  });
  app.on('before-quit', (event) => shell.stop(event));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(() => shell.start())
    .catch((error: unknown) => fail('Vigie — démarrage impossible', error, 1));
}
