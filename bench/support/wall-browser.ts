import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WALL_PROBE_SCRIPT, type WallProbeReport } from './wall-probe';
import { CHROMIUM_ARGS } from '../../e2e/support/chromium-flags';

/** A window's size in CSS pixels (device scale 1). */
export interface Viewport {
  width: number;
  height: number;
}

/** A monitor of the supervision centre: full HD. */
export const FULL_HD: Viewport = { width: 1920, height: 1080 };

interface ProcInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Every process below `root` (children, grandchildren…), from /proc. */
export function descendants(root: number): ProcInfo[] {
  const all = processes();
  const children = new Map<number, ProcInfo[]>();
  for (const info of all) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const out: ProcInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** Resolves after `ms`, or rejects with `what` when a promise takes longer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * Debian's Chromium, headless, with one browser window (context) per monitor. Windows, not tabs:
 * Chromium throttles the animation frames of background tabs, and a wall on a monitor is never
 * in the background. The probe is installed in every page before the renderer's bundle runs.
 */
export class WallBrowser {
  private readonly contexts: BrowserContext[] = [];
  readonly pages: Page[] = [];

  private constructor(
    private readonly browser: Browser,
    /** The browser process (the root of Chromium's process tree). */
    readonly pid: number,
  ) {}

  static async launch(): Promise<WallBrowser> {
    const before = new Set(descendants(process.pid).map((p) => p.pid));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    // Playwright does not expose the PID: it is our new child running with the debugging pipe.
    const root = descendants(process.pid).find(
      (p) =>
        !before.has(p.pid) && p.cmdline.includes('--remote-debugging-pipe') && !p.cmdline.includes('--type='),
    );
    if (!root) {
      await browser.close();
      throw new Error('could not find the Chromium browser process');
    }
    return new WallBrowser(browser, root.pid);
  }

  /** Opens one window per URL, and waits for each page to load. */
  async open(urls: string[], viewport: Viewport = FULL_HD): Promise<Page[]> {
    const pages: Page[] = [];
    for (const url of urls) {
      const context = await this.browser.newContext({ viewport });
      this.contexts.push(context);
      await context.addInitScript({ content: WALL_PROBE_SCRIPT });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      pages.push(page);
      this.pages.push(page);
    }
    return pages;
  }

  /** Closes every window (the browser stays up for the next run). */
  async closeWindows(): Promise<void> {
    const contexts = this.contexts.splice(0);
    this.pages.splice(0);
    await Promise.all(contexts.map((context) => withTimeout(context.close(), 30_000, 'closing a window')));
  }

  /** Page renderer processes (the windows' tabs; not Chromium's own UI renderers). */
  rendererPids(): number[] {
    return descendants(this.pid)
      .filter((p) => p.cmdline.includes('--type=renderer') && !p.cmdline.includes('--top-chrome-webui'))
      .map((p) => p.pid);
  }

  /** Every Chromium process: browser, GPU (software compositing here), network, renderers. */
  allPids(): number[] {
    return [this.pid, ...descendants(this.pid).map((p) => p.pid)];
  }

  /** Tiles showing live video, summed over the windows. */
  async liveTiles(): Promise<number> {
    let live = 0;
    for (const page of this.pages) {
      live += await withTimeout(
        page.evaluate<number>('window.__vigieWallProbe.liveTiles()'),
        20_000,
        'counting live tiles',
      );
    }
    return live;
  }

  /** Sets the measurement window (epoch ms) in every page. */
  async measure(from: number, to: number): Promise<void> {
    for (const page of this.pages) {
      await withTimeout(
        page.evaluate(`window.__vigieWallProbe.measure(${from}, ${to})`),
        20_000,
        'starting the measurement',
      );
    }
  }

  /** Each window's figures for the last measurement window. */
  async collect(): Promise<WallProbeReport[]> {
    const reports: WallProbeReport[] = [];
    for (const page of this.pages) {
      reports.push(
        await withTimeout(
          page.evaluate<WallProbeReport>('window.__vigieWallProbe.collect()'),
          30_000,
          'collecting the figures',
        ),
      );
    }
    return reports;
  }

  /** Closes the browser; kills its process tree by PID if it does not go. */
  async close(): Promise<void> {
    const tree = this.allPids();
    try {
      await withTimeout(this.browser.close(), 20_000, 'closing Chromium');
    } catch {
      // Fall through to the kill below.
    }
    // Anything left of that tree, by PID, and only if the PID is still a Chromium process.
    for (const pid of tree) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')) continue;
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone, as expected after a clean close.
      }
    }
  }
}
