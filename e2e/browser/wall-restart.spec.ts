import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { launchChromium } from '../support/chromium';
import { startVigieHost } from '../support/vigie-host';
import { cameraIds, smallDemoConfig, tileAt, typeCamera } from '../support/wall-page';

test('the operator’s wall survives a restart of vigie serve, and goes back to IT’s layout on request', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-e2e-restart-'));
  const config = smallDemoConfig(9, [
    { display: 1, layout: { columns: 2, rows: 1, tiles: ['demo-1', 'demo-2'] } },
  ]);
  const browser = await launchChromium();
  try {
    const first = await startVigieHost([], config, { dataDir });
    try {
      const page = await browser.context.newPage();
      await page.goto(first.wallUrl(1));
      await expect(page.getByTestId('wall')).toHaveAttribute('data-preset', 'custom');
      expect(await cameraIds(page)).toEqual(['demo-1', 'demo-2']);
      await page.keyboard.press('Alt+3');
      await tileAt(page, 4).click();
      await typeCamera(page, 8);
      await page.keyboard.press('PageDown');
      await tileAt(page, 0).click();
      await typeCamera(page, 9);
      await page.keyboard.press('PageUp');
      await expect(tileAt(page, 4)).toHaveAttribute('data-camera-id', 'demo-8');
      // Saved (debounced) once the core stored it.
      await expect(page.getByTestId('wall')).toHaveAttribute('data-saved', 'true');
      await page.close();
    } finally {
      await first.stop();
    }

    const second = await startVigieHost([], config, { dataDir });
    try {
      const page = await browser.context.newPage();
      await page.goto(second.wallUrl(1));
      await expect(page.getByTestId('wall')).toHaveAttribute('data-preset', '3x3');
      expect(await cameraIds(page)).toEqual(['demo-1', 'demo-2', '', '', 'demo-8', '', '', '', '']);
      await expect(tileAt(page, 4)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
      await page.keyboard.press('PageDown');
      await expect(tileAt(page, 0)).toHaveAttribute('data-camera-id', 'demo-9');

      await page.getByTestId('reset-layout').click();
      await page.getByTestId('reset-confirm').click();
      await expect(page.locator('[data-testid="notice"][data-key="resetDone"]')).toBeVisible();
      expect(await cameraIds(page)).toEqual(['demo-1', 'demo-2']);
      await expect(page.getByTestId('page-indicator')).toHaveText('Page 1/1');
      await page.close();
    } finally {
      await second.stop();
    }
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
