import { expect, test } from '@playwright/test';
import { gstreamerWithout, type GstreamerWithout } from '../../tests/support/gstreamer-without';
import { launchChromium } from '../support/chromium';
import { startVigieHost, type VigieHost } from '../support/vigie-host';

/**
 * The README's first command on a machine without gstreamer1.0-x: `vigie serve` on the demo
 * fleet with the pango plugin hidden from GStreamer. The operator (and IT) must read, in French,
 * which element is missing and which package to install, and no tile may say "Erreur inconnue".
 */
test.describe('the wall when the demo fleet lacks a GStreamer plugin', () => {
  let gst: GstreamerWithout;
  let host: VigieHost;
  test.beforeAll(async () => {
    gst = gstreamerWithout('libgstpango.so');
    host = await startVigieHost(['--demo', '4'], undefined, { env: gst.env });
  });
  test.afterAll(async () => {
    await host?.stop();
    gst?.cleanup();
  });

  test('a banner names the missing elements and the package; demo tiles say why, not "unknown"', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(host.url.toString());
      const banner = page.getByTestId('site-problem');
      await expect(banner).toBeVisible({ timeout: 30_000 });
      await expect(banner).toHaveAttribute('data-code', 'demo-missing-elements');
      await expect(banner).toContainText('élément GStreamer manquant (textoverlay, clockoverlay)');
      await expect(banner).toContainText('À installer : gstreamer1.0-x (greffon GStreamer pango)');
      const tiles = page.locator('[data-testid="tile"]');
      await expect(tiles).toHaveCount(4);
      for (const id of ['demo-1', 'demo-2', 'demo-3', 'demo-4']) {
        const reason = page.locator(
          `[data-testid="tile"][data-camera-id="${id}"] [data-testid="tile-reason"]`,
        );
        await expect(reason).toContainText('Caméra de démonstration indisponible', { timeout: 20_000 });
      }
      await expect(page.getByText('Erreur inconnue')).toHaveCount(0);
    } finally {
      await browser.close();
    }
  });
});
