import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium';
import { startVigieHost } from '../support/vigie-host';
import { smallDemoConfig, tileAt, tileOf } from '../support/wall-page';

/*
 * Nothing on screen may look live once it is not: a frozen picture is dimmed and labelled at
 * once, the tree's dots and the header follow the socket, and a tile coming back from under a
 * maximised one never shows "Connexion…" over an old picture.
 */

test('a tile back from under a maximised one says its picture is old until a new one comes', async () => {
  const config = smallDemoConfig(2, [
    { display: 1, layout: { columns: 2, rows: 1, tiles: ['demo-1', 'demo-2'] } },
  ]);
  const browser = await launchChromium();
  const host = await startVigieHost([], config);
  try {
    const page = await browser.context.newPage();
    await page.goto(host.wallUrl(1));
    for (const index of [0, 1]) {
      await expect(tileAt(page, index)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    }
    await tileAt(page, 0).dblclick();
    await expect(tileAt(page, 1)).toHaveAttribute('data-covered', 'true');
    // Long enough for the covered tile's picture to be seconds old.
    await page.waitForTimeout(4_000);
    await page.keyboard.press('Escape');
    await expect(tileAt(page, 1)).toHaveAttribute('data-covered', 'false');
    // From the restore until its stream is back: stale (dimmed, "Image figée"), never connecting.
    const seen = await page.evaluate(async () => {
      const tile = document.querySelectorAll('[data-testid="tile"]')[1]!;
      const states = new Set<string>();
      const until = performance.now() + 8_000;
      while (performance.now() < until) {
        states.add(tile.getAttribute('data-state') ?? '');
        if (tile.getAttribute('data-state') === 'live') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return [...states];
    });
    expect(seen).not.toContain('connecting');
    expect(seen.at(-1)).toBe('live');
    await page.close();
  } finally {
    await host.stop();
    await browser.close();
  }
});

test('when the core stops, every tile is dimmed as a frozen picture at once and no dot stays green', async () => {
  const config = smallDemoConfig(2, [
    { display: 1, layout: { columns: 2, rows: 1, tiles: ['demo-1', 'demo-2'] } },
  ]);
  const browser = await launchChromium();
  const host = await startVigieHost([], config);
  let stopped = false;
  try {
    const page = await browser.context.newPage();
    await page.goto(host.wallUrl(1));
    for (const id of ['demo-1', 'demo-2']) {
      await expect(tileOf(page, id)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
      await expect(page.locator(`[data-testid="tree-camera"][data-camera-id="${id}"]`)).toHaveAttribute(
        'data-status',
        'live',
      );
    }
    await host.stop();
    stopped = true;
    // "At once": within the second the socket closes, not after the freshness delay.
    await expect(page.getByTestId('connection-state')).not.toHaveClass(/--open/, { timeout: 5_000 });
    for (const id of ['demo-1', 'demo-2']) {
      await expect(tileOf(page, id)).toHaveAttribute('data-state', 'stale', { timeout: 1_000 });
      await expect(tileOf(page, id).getByTestId('tile-badge')).toContainText('Image figée');
      await expect(page.locator(`[data-testid="tree-camera"][data-camera-id="${id}"]`)).toHaveAttribute(
        'data-status',
        'unknown',
        { timeout: 1_000 },
      );
    }
    // Dimmed: the picture is drawn at a fraction of its brightness (after the 200 ms fade, which
    // a read in the middle of it would catch at any value between 1 and 0.35).
    const opacity = () =>
      tileOf(page, 'demo-1')
        .locator('.tile__video')
        .evaluate((element) => Number(getComputedStyle(element).opacity));
    await expect.poll(opacity, { timeout: 2_000 }).toBeLessThan(0.5);
    await page.close();
  } finally {
    if (!stopped) await host.stop();
    await browser.close();
  }
});
