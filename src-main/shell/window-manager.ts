/**
 * Which Vigie windows exist and where they are: one wall window per plugged-in monitor, keyed by
 * its display number, plus at most one main courante and one administration window. This is the
 * shell's only window state; windows themselves are built by window-factory.ts.
 */
import { screen, type BrowserWindow, type WebContents } from 'electron';
import type { DisplayConfig } from '../core/config/config-schema';
import { log } from '../core/log/logger';
import { createAppWindow, type SideView } from './window-factory';
import { missingDisplays, planWindows, type WindowPlan } from './window-plan';

/** Screen events come in bursts (one per monitor and per property): re-plan once they settle. */
const REPLAN_DEBOUNCE_MS = 300;

/** One open window and the plan it follows; side windows keep the plan of the wall they came from. */
export interface AppWindow {
  readonly win: BrowserWindow;
  readonly plan: WindowPlan;
}

interface TrackedWindow {
  readonly win: BrowserWindow;
  plan: WindowPlan;
}

const SIDE_TITLES: Record<SideView, string> = {
  'main-courante': 'Vigie — main courante',
  admin: 'Vigie — administration',
};

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

/**
 * Holds the open windows and keeps them matched to the monitors. `start` opens the walls and
 * follows monitor changes; `stop`, at quit, stops re-planning and crash recovery but leaves the
 * windows open, so the wall stays on screen until the core has stopped and the app exits.
 */
export class WindowManager {
  private readonly walls = new Map<number, TrackedWindow>();
  /** The main courante and administration windows, opened on demand; never part of the display plan. */
  private readonly sides = new Map<SideView, TrackedWindow>();
  private configured: () => readonly DisplayConfig[] = () => [];
  private stopping = false;
  private replanTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly isStopping = (): boolean => this.stopping;

  private readonly replan = (): void => {
    if (this.replanTimer) clearTimeout(this.replanTimer);
    this.replanTimer = setTimeout(() => {
      this.replanTimer = null;
      if (!this.stopping) this.applyPlan();
    }, REPLAN_DEBOUNCE_MS);
  };

  /** Opens a wall window per monitor for the workstation's `configured` displays, then follows the screen. */
  start(configured: () => readonly DisplayConfig[]): void {
    this.configured = configured;
    this.applyPlan();
    screen.on('display-added', this.replan);
    screen.on('display-removed', this.replan);
    screen.on('display-metrics-changed', this.replan);
  }

  stop(): void {
    this.stopping = true;
    if (this.replanTimer) clearTimeout(this.replanTimer);
    this.replanTimer = null;
    screen.removeListener('display-added', this.replan);
    screen.removeListener('display-removed', this.replan);
    screen.removeListener('display-metrics-changed', this.replan);
  }

  /** Brings wall 1 (else any wall) forward, e.g. when the operator launches Vigie a second time. */
  raiseFirst(): void {
    const first = this.walls.get(1) ?? this.walls.values().next().value;
    if (!first || first.win.isDestroyed()) return;
    if (first.win.isMinimized()) first.win.restore();
    first.win.show();
    first.win.focus();
  }

  /** The open window showing `contents`, or null for web contents this manager did not open. */
  byWebContents(contents: WebContents): AppWindow | null {
    for (const tracked of [...this.walls.values(), ...this.sides.values()]) {
      if (!tracked.win.isDestroyed() && tracked.win.webContents === contents) return tracked;
    }
    return null;
  }

  /** Toggles full screen, except in kiosk mode: a kiosk window stays full screen, that is its point. */
  toggleFullScreen({ win }: AppWindow): void {
    if (!win.isKiosk()) win.setFullScreen(!win.isFullScreen());
  }

  reload({ win }: AppWindow): void {
    win.webContents.reload();
  }

  /**
   * Opens (or brings forward) the main courante or administration window over the display of the
   * window that asked. The page is the same bundle with `view=…`, built by the same factory, so
   * it gets the same hardening and the same crash recovery.
   */
  openSide(view: SideView, from: AppWindow): void {
    const existing = this.sides.get(view);
    if (existing && !existing.win.isDestroyed()) {
      existing.win.show();
      existing.win.focus();
      return;
    }
    const { x, y, width, height } = from.plan.bounds;
    const title = SIDE_TITLES[view];
    const win = createAppWindow({
      display: from.plan.display,
      view,
      title,
      bounds: {
        x: x + Math.round(width * 0.1),
        y: y + Math.round(height * 0.05),
        width: Math.round(width * 0.8),
        height: Math.round(height * 0.9),
      },
      isStopping: this.isStopping,
    });
    const side: TrackedWindow = { win, plan: { ...from.plan, title, fullscreen: false, kiosk: false } };
    this.sides.set(view, side);
    win.on('closed', () => {
      if (this.sides.get(view) === side) this.sides.delete(view);
    });
  }

  /**
   * Reconciles the open windows with the monitors now plugged in. Windows are keyed by display
   * number, so an existing window is moved rather than recreated and its wall keeps its state;
   * new numbers get a window first, vanished ones are closed after (never zero windows in
   * between, which would quit the app).
   */
  private applyPlan(): void {
    const displays = screen.getAllDisplays();
    const configured = this.configured();
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
      const existing = this.walls.get(plan.display);
      if (existing && !existing.win.isDestroyed()) this.moveWall(existing, plan);
      else this.openWall(plan);
    }
    const wanted = new Set(plans.map((plan) => plan.display));
    for (const [display, wall] of this.walls) {
      if (wanted.has(display)) continue;
      log.info(`shell: display ${display} gone, closing its window`);
      this.walls.delete(display);
      if (!wall.win.isDestroyed()) wall.win.close();
    }
  }

  private moveWall(wall: TrackedWindow, plan: WindowPlan): void {
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

  private openWall(plan: WindowPlan): void {
    log.info(`shell: opening window ${plan.display} on display id ${plan.displayId}`);
    const win = createAppWindow({
      display: plan.display,
      title: plan.title,
      bounds: plan.bounds,
      fullscreen: plan.fullscreen,
      kiosk: plan.kiosk,
      isStopping: this.isStopping,
    });
    const wall: TrackedWindow = { win, plan };
    this.walls.set(plan.display, wall);
    win.on('closed', () => {
      if (this.walls.get(wall.plan.display) === wall) this.walls.delete(wall.plan.display);
    });
  }
}
