import { expect, test, type Locator } from '@playwright/test';
import { launchChromium } from '../support/chromium';
import { startVigieHost } from '../support/vigie-host';
import { smallDemoConfig, tileAt } from '../support/wall-page';

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

test('a 4×4 wall on a 720p screen: buttons inside their tile, clear of the caption; a slim header; whole names', async () => {
  const tiles = Array.from({ length: 16 }, (_, i) => `demo-${(i % 8) + 1}`);
  const config = smallDemoConfig(8, [{ display: 1, layout: { columns: 4, rows: 4, tiles } }]);
  const browser = await launchChromium();
  const host = await startVigieHost([], config);
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(host.wallUrl(1));
    const tile = tileAt(page, 5);
    await expect(tile).toHaveAttribute('data-state', 'live', { timeout: 45_000 });
    await tile.click();
    const tileBox = await box(tile);
    const title = await box(tile.locator('.tile-overlay__title'));
    const footer = await box(tile.locator('.tile-overlay__footer'));
    const buttons = tile.locator('.tile__action');
    // Maximise, capture, main courante, clear, and the four rewinds (instant replay).
    expect(await buttons.count()).toBe(8);
    for (const button of await buttons.all()) {
      const b = await box(button);
      expect(inside(b, tileBox), 'button inside its tile').toBe(true);
      expect(overlaps(b, title), 'button clear of the caption').toBe(false);
      expect(overlaps(b, footer), 'button clear of the footer').toBe(false);
    }
    // The caption bar (title, badges) covers at most a sixth of the picture.
    const top = await box(tile.locator('.tile-overlay__top'));
    expect(top.height / tileBox.height).toBeLessThan(1 / 6);
    // The tree shows names whole (on two lines if need be), not "Rond-point des A…".
    const name = page.locator('[data-testid="tree-camera"][data-camera-id="demo-6"] .camera-tree__name');
    await expect(name).toHaveText('Rond-point des Alliés');
    const clipped = await name.evaluate((element) => element.scrollHeight > element.clientHeight + 1);
    expect(clipped).toBe(false);
    await page.close();
  } finally {
    await host.stop();
    await browser.close();
  }
});
