import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium-flags';

/** Debian's Chromium, never a downloaded browser, on a fresh profile with no background traffic. */
export async function launchChromium(
  options: { locale?: string } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'vigie-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: CHROMIUM_ARGS,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The same Chromium as a browser with one window per context, for tests that show several
 * displays at once. Pages of one context are tabs of one window, and Chromium throttles the
 * animation frames of background tabs; each display of a workstation is its own window.
 */
export async function launchChromiumBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A cheap fingerprint of each live tile's canvas, keyed by camera id, to see pictures move. */
export async function tileFingerprints(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const tile of document.querySelectorAll<HTMLElement>('[data-testid="tile"]')) {
      const id = tile.dataset.cameraId;
      const canvas = tile.querySelector('canvas');
      if (!id || !canvas || canvas.width === 0) continue;
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let hash = 0;
      let lit = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        hash = (hash * 31 + (data[i] ?? 0) + (data[i + 1] ?? 0) * 3 + (data[i + 2] ?? 0) * 7) | 0;
        if ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0) > 60) lit += 1;
      }
      out[id] = `${hash}:${lit}`;
    }
    return out;
  });
}
