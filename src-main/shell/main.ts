/**
 * The Electron shell: windows, protocol, IPC and lifecycle around one `VigieCore`.
 *
 * It stays thin on purpose. Everything testable without Electron lives in the core or in the
 * pure `window-plan` and `security` modules; this file only wires them to Electron's APIs, so
 * what the browser e2e suite exercises is what runs on a workstation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
} from 'electron';
import { IpcChannels, WindowCommandSchema, type BridgeConnection } from '../../src-shared/contract';
import { coreOptionsFromArgs, type CoreArgs } from '../core/bootstrap';
import { ConfigError } from '../core/config/load-config';
import { defaultDataDir } from '../core/config/paths';
import { sealCredentialsCommand } from '../core/credentials/seal-credentials';
import { log, setupLogging } from '../core/log/logger';
import { VigieCore, type CoreEndpoint } from '../core/vigie-core';
import { bundledToolEnv } from './bundled-tools';
import { cipherFromSafeStorage, credentialStoreStatus } from './credential-store';
import {
  APP_ORIGIN,
  APP_SCHEME,
  contentSecurityPolicy,
  isAllowedNavigation,
  isAppUrl,
  proxyTarget,
  secureWebPreferences,
} from './security';
import { missingDisplays, planWindows, type WindowPlan } from './window-plan';

const BACKGROUND = '#0b0f14';
/** Screen events come in bursts (one per monitor and per property): re-plan once they settle. */
const REPLAN_DEBOUNCE_MS = 300;
/** A renderer busy decoding a 64-tile wall may stall briefly; only a lasting hang is killed. */
const UNRESPONSIVE_GRACE_MS = 8_000;
/** Never leave the workstation hanging on quit if the core cannot stop cleanly. */
const STOP_TIMEOUT_MS = 10_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const preloadPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

interface WallWindow {
  win: BrowserWindow;
  plan: WindowPlan;
  crashes: number[];
}

/** Thrown for flags that make no sense, reported like a config error (exit code 2). */
class UsageError extends Error {
  override name = 'UsageError';
}

/** The shell's flags: the core's, plus the sealing mode's input (a file, or `-` for stdin). */
interface ShellArgs extends CoreArgs {
  sealCredentials?: string;
}

/**
 * `--seal-credentials=<file|->` turns this launch into a command: seal camera credentials into the
 * operator's vault with safeStorage, print one line, exit. No window, no single-instance lock (a
 * running wall is left alone; it reads the vault at its next start).
 */
const sealMode = process.argv
  .slice(1)
  .some((arg) => arg === '--seal-credentials' || arg.startsWith('--seal-credentials='));

/**
 * Reads the shell's own flags. Non-strict because Chromium and Playwright add switches of their
 * own (--remote-debugging-port, --no-sandbox...) that must pass through untouched.
 */
function parseShellArgs(argv: readonly string[]): ShellArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      demo: { type: 'string' },
      'data-dir': { type: 'string' },
      workstation: { type: 'string' },
      port: { type: 'string' },
      'seal-credentials': { type: 'string' },
    },
  });
  const text = (name: string): string | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a value`);
    return value;
  };
  const integer = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new UsageError(`--${name} expects a whole number, got "${value}"`);
    return Number(value);
  };
  const args: ShellArgs = {};
  const config = text('config');
  const demo = integer('demo');
  const dataDir = text('data-dir');
  const workstation = text('workstation');
  const port = integer('port');
  if (config !== undefined) args.config = config;
  if (demo !== undefined) args.demo = demo;
  if (dataDir !== undefined) args.dataDir = dataDir;
  if (workstation !== undefined) args.workstation = workstation;
  if (port !== undefined) args.port = port;
  const seal = text('seal-credentials');
  if (seal !== undefined) args.sealCredentials = seal;
  return args;
}

function fail(title: string, error: unknown, exitCode: number): void {
  const message = error instanceof Error ? error.message : String(error);
  // Config and usage errors are the operator's to fix: their message says it all, no stack.
  const expected = error instanceof ConfigError || error instanceof UsageError;
  log.error(`${title}: ${!expected && error instanceof Error ? (error.stack ?? message) : message}`);
  dialog.showErrorBox(title, message);
  app.exit(exitCode);
}

// Privileged schemes must be declared before `ready`: standard (relative URLs and a real origin),
// secure (a secure context, so ws://127.0.0.1 and WASM behave as on https), fetch-able.
// Every renderer sandboxed, whatever a window's own webPreferences say: a second line behind
// secureWebPreferences should someone add a window without it. Must be called before `ready`.
app.enableSandbox();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let shellArgs: ShellArgs = {};
let usageError: unknown = null;
try {
  shellArgs = parseShellArgs(process.argv.slice(1));
} catch (error) {
  usageError = error;
}

// Chromium's profile goes under Vigie's data dir: local to the workstation (never roaming), and
// the single-instance lock is per data dir, so test instances with their own dir do not collide.
app.setName('Vigie');
app.setPath(
  'userData',
  path.join(path.resolve(shellArgs.dataDir ?? process.env.VIGIE_DATA_DIR ?? defaultDataDir()), 'chromium'),
);

const windows = new Map<number, WallWindow>();
/** The main courante and administration windows, opened on demand; never part of the display plan. */
const sideWindows = new Map<SideView, WallWindow>();

type SideView = 'main-courante' | 'admin';
let core: VigieCore | null = null;
let endpoint: CoreEndpoint | null = null;
let stopping = false;

if (sealMode) {
  app
    .whenReady()
    .then(runSealMode)
    .catch((error: unknown) => {
      process.stderr.write(`seal-credentials: ${error instanceof Error ? error.message : String(error)}\n`);
      app.exit(1);
    });
} else if (!app.requestSingleInstanceLock()) {
  // Another Vigie already owns this workstation's wall; it focuses itself (second-instance).
  app.quit();
} else {
  app.on('second-instance', () => {
    const first = windows.get(1) ?? windows.values().next().value;
    if (!first || first.win.isDestroyed()) return;
    if (first.win.isMinimized()) first.win.restore();
    first.win.show();
    first.win.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isAllowedNavigation(event.url, APP_ORIGIN)) {
        event.preventDefault();
        log.warn(`shell: navigation to ${event.url} blocked`);
      }
    });
    contents.on('will-redirect', (event) => {
      if (!isAllowedNavigation(event.url, APP_ORIGIN)) {
        event.preventDefault();
        log.warn(`shell: redirect to ${event.url} blocked`);
      }
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      log.warn(`shell: window.open(${url}) denied`);
      return { action: 'deny' };
    });
  });

  app.on('window-all-closed', () => {
    // Closing every wall window is how an operator leaves Vigie (kiosk excepted).
    app.quit();
  });

  app.on('before-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    const running = core;
    log.info('shell: stopping the core');
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    void Promise.race([running.stop(), timeout])
      .catch((error: unknown) => log.error('shell: core stop failed', error))
      .finally(() => app.exit(0));
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(startShell)
    .catch((error: unknown) => fail('Vigie — démarrage impossible', error, 1));
}

async function startShell(): Promise<void> {
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
      ...coreOptionsFromArgs(shellArgs),
      secretCipher: cipherFromSafeStorage(safeStorage, process.platform),
    };
  } catch (error) {
    if (error instanceof ConfigError) {
      fail('Vigie — configuration invalide', error, 2);
      return;
    }
    throw error;
  }
  const started = new VigieCore(options);
  core = started;
  try {
    endpoint = await started.start();
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
  registerIpc(endpoint);
  powerSaveBlocker.start('prevent-display-sleep');

  applyPlan(started);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const replan = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!stopping) applyPlan(started);
    }, REPLAN_DEBOUNCE_MS);
  };
  screen.on('display-added', replan);
  screen.on('display-removed', replan);
  screen.on('display-metrics-changed', replan);
}

/** Writes lines to a stream and waits until they are handed over, so `app.exit` loses none. */
function writeLines(stream: NodeJS.WriteStream, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return Promise.resolve();
  return new Promise((resolve) => stream.write(`${lines.join('\n')}\n`, () => resolve()));
}

/**
 * `--seal-credentials=<file|->`: everything but handing over `safeStorage` is in the core
 * (`sealCredentialsCommand`, unit-tested under Node). Must run as the operator session's OS user:
 * DPAPI and the keyring are per user, and the vault goes to that user's data dir.
 */
async function runSealMode(): Promise<void> {
  if (usageError) {
    await writeLines(process.stderr, [`seal-credentials: ${(usageError as Error).message}`]);
    app.exit(2);
    return;
  }
  let options: ReturnType<typeof coreOptionsFromArgs>;
  try {
    options = coreOptionsFromArgs(shellArgs);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await writeLines(process.stderr, [error.message]);
    app.exit(2);
    return;
  }
  setupLogging({ dataDir: options.dataDir, consoleLevel: false });
  const result = await sealCredentialsCommand(
    shellArgs.sealCredentials ?? '',
    {
      config: options.config,
      configFile: options.configFile,
      dataDir: options.dataDir,
      cipher: cipherFromSafeStorage(safeStorage, process.platform),
    },
    {
      readFile: (file) => readFileSync(path.resolve(file), 'utf8'),
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
    },
  );
  // The log keeps what was done (never a secret: the messages carry camera ids only).
  for (const line of [...result.out, ...result.err]) {
    if (result.exitCode === 0) log.info(`shell: ${line}`);
    else log.error(`shell: ${line}`);
  }
  await writeLines(process.stdout, result.out);
  await writeLines(process.stderr, result.err);
  app.exit(result.exitCode);
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

/** A wall has no use for camera, microphone, notifications or geolocation: refuse them all. */
function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`shell: permission "${permission}" denied`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Serves vigie://app/* from the core's one local server, so Electron and the browser load the
 * very same bundle. The token travels in a header added here, never in the page's URL.
 */
function serveRenderer(target: CoreEndpoint): void {
  const csp = contentSecurityPolicy(target.origin);
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405 });
    }
    const url = proxyTarget(request.url, target.origin);
    if (!url) return new Response('Not found', { status: 404 });
    let upstream: Response;
    try {
      upstream = await net.fetch(url, {
        method: request.method,
        headers: { Authorization: `Bearer ${target.token}` },
        credentials: 'omit',
        bypassCustomProtocolHandlers: true,
      });
    } catch (error) {
      log.error(`shell: core unreachable for ${url}`, error);
      return new Response('Core unreachable', { status: 502 });
    }
    const headers = new Headers(upstream.headers);
    // The body arrives decoded; stale length/encoding headers would corrupt it.
    headers.delete('content-encoding');
    headers.delete('content-length');
    headers.delete('set-cookie');
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    const body = request.method === 'HEAD' || NULL_BODY_STATUSES.has(upstream.status) ? null : upstream.body;
    return new Response(body, { status: upstream.status, statusText: upstream.statusText, headers });
  });
}

/**
 * The wall window an IPC message really comes from, or null: the top frame of one of our
 * windows, showing a vigie://app page. Anything else (a subframe, a window we did not open, a
 * page that navigated away) gets nothing.
 */
function senderWindow(event: IpcMainEvent | IpcMainInvokeEvent): WallWindow | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !isAppUrl(frame.url)) return null;
  for (const wall of [...windows.values(), ...sideWindows.values()]) {
    if (!wall.win.isDestroyed() && wall.win.webContents === event.sender) return wall;
  }
  return null;
}

function registerIpc(target: CoreEndpoint): void {
  ipcMain.handle(IpcChannels.getConnection, (event): BridgeConnection => {
    const wall = senderWindow(event);
    if (!wall) {
      log.warn(`shell: getConnection refused for ${event.senderFrame?.url ?? 'a gone frame'}`);
      throw new Error('not a Vigie window');
    }
    return { serverUrl: target.origin, token: target.token, display: wall.plan.display };
  });

  ipcMain.on(IpcChannels.windowCommand, (event, payload: unknown) => {
    const wall = senderWindow(event);
    if (!wall) {
      log.warn(`shell: window command refused for ${event.senderFrame?.url ?? 'a gone frame'}`);
      return;
    }
    const command = WindowCommandSchema.safeParse(payload);
    if (!command.success) {
      log.warn('shell: invalid window command ignored');
      return;
    }
    switch (command.data) {
      case 'toggle-fullscreen':
        // A kiosk window stays full screen: that is the point of kiosk mode.
        if (!wall.win.isKiosk()) wall.win.setFullScreen(!wall.win.isFullScreen());
        break;
      case 'reload':
        wall.win.webContents.reload();
        break;
      case 'open-main-courante':
        openSideWindow('main-courante', wall);
        break;
      case 'open-admin':
        openSideWindow('admin', wall);
        break;
    }
  });
}

/**
 * Reconciles the open windows with the monitors now plugged in. Windows are keyed by display
 * number, so an existing window is moved rather than recreated and its wall keeps its state;
 * new numbers get a window first, vanished ones are closed after (never zero windows in between,
 * which would quit the app).
 */
function applyPlan(running: VigieCore): void {
  const displays = screen.getAllDisplays();
  const configured = running.displays();
  const plans = planWindows(displays, configured);
  const missing = missingDisplays(displays, configured);
  if (missing.length > 0) {
    log.warn(
      `shell: configured display(s) ${missing.join(', ')} not plugged in; their layouts are not shown`,
    );
  }
  if (plans.length === 0) {
    log.warn('shell: no display reported; keeping the windows as they are');
    return;
  }
  for (const plan of plans) {
    const existing = windows.get(plan.display);
    if (existing && !existing.win.isDestroyed()) moveWindow(existing, plan);
    else createWindow(plan);
  }
  const wanted = new Set(plans.map((plan) => plan.display));
  for (const [display, wall] of windows) {
    if (wanted.has(display)) continue;
    log.info(`shell: display ${display} gone, closing its window`);
    windows.delete(display);
    if (!wall.win.isDestroyed()) wall.win.close();
  }
}

function samePlan(a: WindowPlan, b: WindowPlan): boolean {
  return (
    a.displayId === b.displayId &&
    a.fullscreen === b.fullscreen &&
    a.kiosk === b.kiosk &&
    a.bounds.x === b.bounds.x &&
    a.bounds.y === b.bounds.y &&
    a.bounds.width === b.bounds.width &&
    a.bounds.height === b.bounds.height
  );
}

function moveWindow(wall: WallWindow, plan: WindowPlan): void {
  const previous = wall.plan;
  wall.plan = plan;
  // Unchanged placement: leave the window alone, including an operator's fullscreen toggle.
  if (samePlan(previous, plan)) return;
  log.info(`shell: moving window ${plan.display} to display id ${plan.displayId}`);
  const { win } = wall;
  win.setTitle(plan.title);
  if (win.isKiosk()) win.setKiosk(false);
  if (win.isFullScreen()) win.setFullScreen(false);
  win.setBounds(plan.bounds);
  if (plan.kiosk) win.setKiosk(true);
  else if (plan.fullscreen) win.setFullScreen(true);
}

function createWindow(plan: WindowPlan): void {
  log.info(`shell: opening window ${plan.display} on display id ${plan.displayId}`);
  const win = new BrowserWindow({
    ...plan.bounds,
    title: plan.title,
    show: false,
    backgroundColor: BACKGROUND,
    fullscreen: plan.fullscreen,
    kiosk: plan.kiosk,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  });
  const wall: WallWindow = { win, plan, crashes: [] };
  windows.set(plan.display, wall);

  win.once('ready-to-show', () => win.show());
  // The page's <title> must not replace "Vigie — écran N", which operators and logs rely on.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.on('closed', () => {
    if (windows.get(wall.plan.display) === wall) windows.delete(wall.plan.display);
  });
  watchRenderer(wall);
  void win.loadURL(`${APP_ORIGIN}/index.html?display=${plan.display}`).catch((error: unknown) => {
    log.error(`shell: window ${plan.display} failed to load`, error);
  });
}

/**
 * Opens (or brings forward) the main courante or administration window over the display of the
 * wall that asked. The page is the same bundle with `view=…`, behind the same hardening (the
 * web-contents hooks apply to every window) and the same crash recovery.
 */
function openSideWindow(view: SideView, from: WallWindow): void {
  const existing = sideWindows.get(view);
  if (existing && !existing.win.isDestroyed()) {
    existing.win.show();
    existing.win.focus();
    return;
  }
  const { x, y, width, height } = from.plan.bounds;
  const title = view === 'main-courante' ? 'Vigie — main courante' : 'Vigie — administration';
  const win = new BrowserWindow({
    x: x + Math.round(width * 0.1),
    y: y + Math.round(height * 0.05),
    width: Math.round(width * 0.8),
    height: Math.round(height * 0.9),
    title,
    show: false,
    backgroundColor: BACKGROUND,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  });
  const side: WallWindow = {
    win,
    plan: { ...from.plan, title, fullscreen: false, kiosk: false },
    crashes: [],
  };
  sideWindows.set(view, side);
  win.once('ready-to-show', () => win.show());
  win.on('page-title-updated', (event) => event.preventDefault());
  win.on('closed', () => {
    if (sideWindows.get(view) === side) sideWindows.delete(view);
  });
  watchRenderer(side);
  void win
    .loadURL(`${APP_ORIGIN}/index.html?display=${from.plan.display}&view=${view}`)
    .catch((error: unknown) => {
      log.error(`shell: ${view} window failed to load`, error);
    });
}

/**
 * Keeps a wall on screen without anyone at the keyboard: a crashed renderer is reloaded (after a
 * growing pause if it keeps crashing, so a crash loop cannot pin the CPU), a hung one is killed
 * once the hang outlasts a grace period, which then reloads it through the same path.
 */
function watchRenderer(wall: WallWindow): void {
  const { win } = wall;
  const contents = win.webContents;
  let hang: ReturnType<typeof setTimeout> | null = null;

  contents.on('render-process-gone', (_event, details) => {
    if (stopping || win.isDestroyed()) return;
    const now = Date.now();
    wall.crashes = [...wall.crashes.filter((at) => now - at < 60_000), now];
    const delay = Math.min(1_000 * 2 ** (wall.crashes.length - 1), 30_000);
    log.error(
      `shell: renderer of window ${wall.plan.display} gone (${details.reason}, exit ${details.exitCode}); ` +
        `reloading in ${delay} ms`,
    );
    setTimeout(() => {
      if (!win.isDestroyed() && !stopping) contents.reload();
    }, delay);
  });

  win.on('unresponsive', () => {
    log.warn(`shell: window ${wall.plan.display} unresponsive`);
    if (hang) return;
    hang = setTimeout(() => {
      hang = null;
      if (win.isDestroyed() || stopping) return;
      log.error(`shell: window ${wall.plan.display} still hung, restarting its renderer`);
      contents.forcefullyCrashRenderer();
    }, UNRESPONSIVE_GRACE_MS);
  });
  win.on('responsive', () => {
    if (hang) {
      clearTimeout(hang);
      hang = null;
      log.info(`shell: window ${wall.plan.display} responsive again`);
    }
  });
  win.on('closed', () => {
    if (hang) clearTimeout(hang);
  });
}
