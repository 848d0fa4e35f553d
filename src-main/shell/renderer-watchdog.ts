/**
 * Keeps a window's page on screen without anyone at the keyboard: a crashed renderer is reloaded
 * (after a growing pause if it keeps crashing, so a crash loop cannot pin the CPU), a hung one is
 * killed once the hang outlasts a grace period, which then reloads it through the same path.
 */
import type { BrowserWindow } from 'electron';
import { log } from '../core/log/logger';

/** A renderer busy decoding a 64-tile wall may stall briefly; only a lasting hang is killed. */
const UNRESPONSIVE_GRACE_MS = 8_000;
/** Crashes older than this no longer lengthen the pause before the next reload. */
const CRASH_WINDOW_MS = 60_000;
const FIRST_RELOAD_DELAY_MS = 1_000;
const MAX_RELOAD_DELAY_MS = 30_000;

export interface RendererWatchdogOptions {
  /** The display number the window shows, which is how logs name it. */
  display: number;
  /** True once the app is quitting: a renderer that dies then is left dead. */
  isStopping: () => boolean;
}

/**
 * One window's crash and hang recovery. Holds the window's recent crash times and its pending
 * hang timer; `start` hooks the window's events, `stop` (also run when the window closes) drops
 * the timer so nothing fires on a destroyed window.
 */
export class RendererWatchdog {
  private crashes: number[] = [];
  private hang: ReturnType<typeof setTimeout> | null = null;
  private readonly win: BrowserWindow;
  private readonly options: RendererWatchdogOptions;

  constructor(win: BrowserWindow, options: RendererWatchdogOptions) {
    this.win = win;
    this.options = options;
  }

  start(): void {
    const { win } = this;
    const { display, isStopping } = this.options;
    const contents = win.webContents;

    contents.on('render-process-gone', (_event, details) => {
      if (isStopping() || win.isDestroyed()) return;
      const now = Date.now();
      this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
      const delay = Math.min(FIRST_RELOAD_DELAY_MS * 2 ** (this.crashes.length - 1), MAX_RELOAD_DELAY_MS);
      log.error(
        `shell: renderer of window ${display} gone (${details.reason}, exit ${details.exitCode}); ` +
          `reloading in ${delay} ms`,
      );
      setTimeout(() => {
        if (!win.isDestroyed() && !isStopping()) contents.reload();
      }, delay);
    });

    win.on('unresponsive', () => {
      log.warn(`shell: window ${display} unresponsive`);
      if (this.hang) return;
      this.hang = setTimeout(() => {
        this.hang = null;
        if (win.isDestroyed() || isStopping()) return;
        log.error(`shell: window ${display} still hung, restarting its renderer`);
        contents.forcefullyCrashRenderer();
      }, UNRESPONSIVE_GRACE_MS);
    });
    win.on('responsive', () => {
      if (this.hang) {
        clearTimeout(this.hang);
        this.hang = null;
        log.info(`shell: window ${display} responsive again`);
      }
    });
    win.on('closed', () => this.stop());
  }

  stop(): void {
    if (this.hang) clearTimeout(this.hang);
    this.hang = null;
  }
}
